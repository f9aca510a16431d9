#include "proxy/ssi_condition.hpp"

namespace proxy::ssi {
namespace {

bool left_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '$' || c == '{' || c == '}' || c == '_' ||
           c == '"' || c == '\'';
}

std::size_t skip_spaces(std::string_view text, std::size_t i) {
    while (i < text.size() && text[i] == ' ') ++i;
    return i;
}

}  // namespace

std::optional<bool> test_condition(std::string_view expr, const Lookup& lookup, Captures& captures,
                                   std::string& error) {
    std::string left_text;
    std::size_t i = 0;
    for (; i < expr.size(); ++i) {
        char c = expr[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c | 0x20);
        if (!left_char(c)) break;
        left_text += c;
    }
    i = skip_spaces(expr, i);
    std::optional<std::string> left = evaluate(left_text, lookup, error);
    if (!left) return std::nullopt;
    if (i == expr.size()) return !left->empty();

    auto invalid = [&] {
        error = "invalid expression in \"" + std::string(expr) + "\"";
        return std::nullopt;
    };
    bool negative = expr[i] == '!';
    if (expr.substr(i, negative ? 2 : 1) != (negative ? "!=" : "=")) return invalid();
    std::string_view right_text = expr.substr(skip_spaces(expr, i + (negative ? 2 : 1)));
    bool regex = right_text.size() > 1 && right_text.front() == '/';
    if (regex) {
        if (right_text.back() != '/') return invalid();
        right_text = right_text.substr(1, right_text.size() - 2);
    } else if (right_text.substr(0, 2) == "\\/") {
        right_text.remove_prefix(1);
    }
    std::optional<std::string> right = evaluate(right_text, lookup, error);
    if (!right) return std::nullopt;
    if (!regex) return (*left == *right) != negative;
    std::optional<Regex> pattern = Regex::compile(*right, false, error);
    if (!pattern) return std::nullopt;
    return pattern->matches(*left, captures) != negative;
}

}  // namespace proxy::ssi
