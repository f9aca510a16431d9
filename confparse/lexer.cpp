#include "confparse/lexer.hpp"

namespace confparse {
namespace {

// nginx reads configuration through a 4096-byte buffer; a token that fills it is rejected.
constexpr size_t kMaxToken = 4096;

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

}  // namespace

void Lexer::fail(const std::string& message) const { throw ConfigError(message, SourceRef{file_, line_}); }

// As nginx copies a word: \" \' \\ lose their backslash, \t \r \n become the control characters, any
// other backslash stays as written.
std::string Lexer::unescape(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '\\' && i + 1 < raw.size()) {
            char n = raw[i + 1];
            if (n == '"' || n == '\'' || n == '\\') {
                ++i;
            } else if (n == 't' || n == 'r' || n == 'n') {
                out += n == 't' ? '\t' : n == 'r' ? '\r' : '\n';
                ++i;
                continue;
            }
        }
        out += raw[i];
    }
    return out;
}

Statement Lexer::next() {
    Statement st;
    bool last_space = true, need_space = false, quoted = false, comment = false;
    bool d_quoted = false, s_quoted = false, variable = false;
    size_t start = pos_;
    int start_line = line_;

    auto finish = [&](Statement::End end) {
        st.end = end;
        st.line = line_;
        return st;
    };

    for (;;) {
        if (pos_ >= text_.size()) {
            if (!st.words.empty() || !last_space) {
                if (file_.empty()) fail("unexpected end of parameter, expecting \";\"");
                fail("unexpected end of file, expecting \";\" or \"}\"");
            }
            return finish(Statement::End::FileEnd);
        }
        if (!last_space && !comment && pos_ - start >= kMaxToken) {
            line_ = start_line;
            if (d_quoted || s_quoted) {
                fail(std::string("too long parameter, probably missing terminating \"") + (d_quoted ? '"' : '\'') +
                     "\" character");
            }
            fail("too long parameter \"" + std::string(text_.substr(start, 10)) + "...\" started");
        }

        char ch = text_[pos_++];
        if (ch == '\n') {
            ++line_;
            if (comment) comment = false;
        }
        if (comment) continue;
        if (quoted) {
            quoted = false;
            continue;
        }
        if (need_space) {
            if (is_space(ch)) {
                last_space = true;
                need_space = false;
                continue;
            }
            if (ch == ';') return finish(Statement::End::Semicolon);
            if (ch == '{') return finish(Statement::End::BlockStart);
            if (ch == ')') {  // as nginx: a ')' may follow a quoted word, e.g. in "if ($a = "b")"
                last_space = true;
                need_space = false;
            } else {
                fail(std::string("unexpected \"") + ch + "\"");
            }
        }

        if (last_space) {
            start = pos_ - 1;
            start_line = line_;
            if (is_space(ch)) continue;
            switch (ch) {
                case ';':
                case '{':
                    if (st.words.empty()) fail(std::string("unexpected \"") + ch + "\"");
                    return finish(ch == '{' ? Statement::End::BlockStart : Statement::End::Semicolon);
                case '}':
                    if (!st.words.empty()) fail("unexpected \"}\"");
                    return finish(Statement::End::BlockEnd);
                case '#':
                    comment = true;
                    continue;
                case '\\':
                    quoted = true;
                    last_space = false;
                    continue;
                case '"':
                    ++start;
                    d_quoted = true;
                    last_space = false;
                    continue;
                case '\'':
                    ++start;
                    s_quoted = true;
                    last_space = false;
                    continue;
                case '$':
                    variable = true;
                    last_space = false;
                    continue;
                default:
                    last_space = false;
                    continue;
            }
        }

        if (ch == '{' && variable) continue;
        variable = false;
        if (ch == '\\') {
            quoted = true;
            continue;
        }
        if (ch == '$') {
            variable = true;
            continue;
        }
        bool found = false;
        if (d_quoted) {
            if (ch == '"') d_quoted = false, need_space = true, found = true;
        } else if (s_quoted) {
            if (ch == '\'') s_quoted = false, need_space = true, found = true;
        } else if (is_space(ch) || ch == ';' || ch == '{') {
            last_space = true;
            found = true;
        }
        if (!found) continue;
        st.words.push_back(unescape(text_.substr(start, pos_ - 1 - start)));
        if (ch == ';') return finish(Statement::End::Semicolon);
        if (ch == '{') return finish(Statement::End::BlockStart);
    }
}

}  // namespace confparse
