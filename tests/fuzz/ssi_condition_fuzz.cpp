// Feeds arbitrary bytes, as the expression of an SSI if or elif (which a proxied page, and so an upstream,
// may hold), to proxy::ssi::test_condition with a few variables defined: texts, comparisons and regexes
// compiled and matched as the page is served. A crash, a hang or a sanitizer report is a bug, and so is a
// refusal without nginx's message or a verdict with one: both abort.
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>

#include "proxy/ssi_condition.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view expr(reinterpret_cast<const char*>(data), size);
    proxy::ssi::Lookup lookup = [](const std::string& name) -> std::optional<std::string> {
        if (name == "a") return std::string("alpha");
        if (name == "empty") return std::string();
        if (name == "uri") return std::string("/dir/page.html?x=1");
        return std::nullopt;
    };
    proxy::Captures captures;
    std::string error;
    std::optional<bool> holds = proxy::ssi::test_condition(expr, lookup, captures, error);
    if (holds.has_value() == !error.empty()) std::abort();
    return 0;
}
