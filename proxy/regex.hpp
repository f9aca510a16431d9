#pragma once
// A PCRE2 regular expression, the engine nginx uses, so location and server_name regexes match the
// same strings with the same syntax.
#include <memory>
#include <optional>
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
    // How many of `numbered` PCRE counts as set: up to the last group that took part (nginx's ncaptures).
    std::size_t set = 0;
    std::vector<std::pair<std::string, std::string>> named;
};

class Regex {
public:
    // Throws confparse::ConfigError with nginx's wording, at `where`, when the pattern does not compile.
    Regex(const std::string& pattern, bool caseless, const confparse::SourceRef& where);
    // As the constructor, for a pattern made while serving (SSI's "if"): nothing, and nginx's message in
    // `error`, when it does not compile.
    static std::optional<Regex> compile(const std::string& pattern, bool caseless, std::string& error);
    ~Regex();
    Regex(Regex&&) noexcept;
    Regex& operator=(Regex&&) noexcept;

    bool matches(std::string_view subject) const;
    // As matches(), and on a match sets `captures`; left alone when it does not match.
    bool matches(std::string_view subject, Captures& captures) const;

private:
    struct Impl;
    explicit Regex(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> impl_;
};

}  // namespace proxy
