#pragma once
// One "split_clients" block (nginx's split_clients module): the source text, and the part its rendered
// value's MurmurHash2 falls in.
#include <string>
#include <string_view>
#include <vector>

#include "confparse/split_clients_config.hpp"
#include "proxy/request_context.hpp"
#include "proxy/variables.hpp"

namespace proxy {

class SplitTable {
public:
    explicit SplitTable(const confparse::SplitClientsBlock& block);

    // The value of the part `key` hashes into; "" when the parts leave it out (they sum below 100%).
    const std::string& pick(std::string_view key) const;

    std::string value(const RequestContext& r) const { return pick(source_.render(r)); }

private:
    Template source_;
    std::vector<confparse::SplitClientsPart> parts_;
};

}  // namespace proxy
