#pragma once
// nginx's variables: a text with $name / ${name} compiled once per configuration into parts, then
// rendered per request from a RequestContext.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/request_context.hpp"

namespace proxy {

// $date_local and $date_gmt's format unless an SSI page's "config timefmt" changes it
inline constexpr const char* kSsiTimeFormat = "%A, %d-%b-%Y %H:%M:%S %Z";

// $date_local ($date_gmt with `gmt`): the time now in `format` (strftime's).
std::string ssi_date(bool gmt, const char* format);

// The value of one variable, or nothing when nginx would call it "not found" (logs show "-").
std::optional<std::string> variable_value(std::string_view name, const RequestContext& r);

class Template {
public:
    Template() = default;
    // `text` has passed confparse's syntax check.
    explicit Template(std::string_view text);

    enum class Missing { Empty, Dash };
    enum class Escape { None, Default, Json };
    std::string render(const RequestContext& r, Missing missing = Missing::Empty, Escape escape = Escape::None) const;
    // As render(), appended to `out`.
    void render_into(std::string& out, const RequestContext& r, Missing missing = Missing::Empty,
                     Escape escape = Escape::None) const;

    bool constant() const { return constant_; }
    const std::string& source() const { return source_; }

private:
    struct Part {
        std::string text;  // literal text, or the variable's name
        bool variable = false;
    };
    std::vector<Part> parts_;
    std::string source_;
    bool constant_ = true;
};

}  // namespace proxy
