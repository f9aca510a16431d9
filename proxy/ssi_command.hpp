#pragma once
// The SSI commands nproxy runs and their parameters, checked as nginx's SSI module checks a command
// before running it: a known name, known parameters given once each, the mandatory ones present.
#include <optional>
#include <string>
#include <vector>

#include "proxy/ssi_parser.hpp"

namespace proxy::ssi {

struct Command {
    enum class Kind { Include, Echo, Config, Set, If, Elif, Else, Endif, Block, Endblock } kind;
    std::vector<Param> params;
    // A parameter's value, or nullptr when it was not given.
    const std::string* get(std::string_view name) const;
};

// The command named `name`, or nothing when nginx knows no such command.
std::optional<Command::Kind> command_kind(std::string_view name);

// The command `name` with `params`, or nothing (and nginx's message in `error`) when it is invalid.
std::optional<Command> check_command(const std::string& name, const std::vector<Param>& params, std::string& error);

}  // namespace proxy::ssi
