#pragma once
// A PCRE2 regular expression, the engine nginx uses, so location and server_name regexes match the
// same strings with the same syntax.
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "confparse/error.hpp"

namespace proxy {

// What a match captured: the whole match and each group by number (nginx's $0..$9; a group that took no
// part is empty), and the named groups by name (nginx makes them variables).
struct Captures {
    std::vector<std::string> numbered;
    std::vector<std::pair<std::string, std::string>> named;
};

class Regex {
public:
    // Throws confparse::ConfigError with nginx's wording, at `where`, when the pattern does not compile.
    Regex(const std::string& pattern, bool caseless, const confparse::SourceRef& where);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    bool matches(std::string_view subject) const;
    // As matches(), and on a match sets `captures`; left alone when it does not match.
    bool matches(std::string_view subject, Captures& captures) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace proxy
