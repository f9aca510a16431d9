#pragma once
// A PCRE2 regular expression, the engine nginx uses, so location and server_name regexes match the
// same strings with the same syntax.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "confparse/error.hpp"

namespace proxy {

class Regex {
public:
    // Throws confparse::ConfigError with nginx's wording, at `where`, when the pattern does not compile.
    Regex(const std::string& pattern, bool caseless, const confparse::SourceRef& where);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    bool matches(std::string_view subject) const;
    // As matches(), and on a match sets `captures` to the whole match and each group (nginx's $0..$9;
    // a group that took no part is empty). Left alone when it does not match.
    bool matches(std::string_view subject, std::vector<std::string>& captures) const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace proxy
