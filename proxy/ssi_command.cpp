#include "proxy/ssi_command.hpp"

#include <algorithm>
#include <array>
#include <string_view>

namespace proxy::ssi {
namespace {

struct ParamSpec {
    std::string_view name;
    bool mandatory;
};

struct CommandSpec {
    std::string_view name;
    Command::Kind kind;
    std::vector<ParamSpec> params;
};

// nginx's: more parameters than this are refused
constexpr std::size_t kMaxParams = 16;

const std::array<CommandSpec, 10>& commands() {
    static const std::array<CommandSpec, 10> table{{
        {"include", Command::Kind::Include, {{"virtual", false}, {"file", false}, {"stub", false}, {"wait", false},
                                             {"set", false}}},
        {"echo", Command::Kind::Echo, {{"var", true}, {"default", false}, {"encoding", false}}},
        {"config", Command::Kind::Config, {{"errmsg", false}, {"timefmt", false}}},
        {"set", Command::Kind::Set, {{"var", true}, {"value", true}}},
        {"if", Command::Kind::If, {{"expr", true}}},
        {"elif", Command::Kind::Elif, {{"expr", true}}},
        {"else", Command::Kind::Else, {}},
        {"endif", Command::Kind::Endif, {}},
        {"block", Command::Kind::Block, {{"name", true}}},
        {"endblock", Command::Kind::Endblock, {}},
    }};
    return table;
}

const CommandSpec* find_spec(std::string_view name) {
    const auto& table = commands();
    auto spec = std::find_if(table.begin(), table.end(), [&](const CommandSpec& c) { return c.name == name; });
    return spec == table.end() ? nullptr : &*spec;
}

}  // namespace

std::optional<Command::Kind> command_kind(std::string_view name) {
    const CommandSpec* spec = find_spec(name);
    if (!spec) return std::nullopt;
    return spec->kind;
}

const std::string* Command::get(std::string_view name) const {
    for (const Param& p : params) {
        if (p.name == name) return &p.value;
    }
    return nullptr;
}

std::optional<Command> check_command(const std::string& name, const std::vector<Param>& params, std::string& error) {
    const CommandSpec* spec = find_spec(name);
    if (!spec) {
        error = "invalid SSI command: \"" + name + "\"";
        return std::nullopt;
    }
    if (params.size() > kMaxParams) {
        error = "too many SSI command parameters: \"" + name + "\"";
        return std::nullopt;
    }
    Command command{spec->kind, {}};
    for (const Param& p : params) {
        bool known = std::any_of(spec->params.begin(), spec->params.end(), [&](const ParamSpec& s) { return s.name == p.name; });
        if (!known) {
            error = "invalid parameter name: \"" + p.name + "\" in \"" + name + "\" SSI command";
            return std::nullopt;
        }
        if (command.get(p.name)) {
            error = "duplicate \"" + p.name + "\" parameter in \"" + name + "\" SSI command";
            return std::nullopt;
        }
        command.params.push_back(p);
    }
    for (const ParamSpec& s : spec->params) {
        if (s.mandatory && !command.get(s.name)) {
            error = "mandatory \"" + std::string(s.name) + "\" parameter is absent in \"" + name + "\" SSI command";
            return std::nullopt;
        }
    }
    return command;
}

}  // namespace proxy::ssi
