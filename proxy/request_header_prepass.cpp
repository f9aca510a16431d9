#include "proxy/request_header_prepass.hpp"

#include <cstdio>
#include <cstring>

#include "proxy/read_header.hpp"

namespace proxy {

HeaderLineReading read_header_line(std::string_view line, bool underscores) {
    using enum HeaderLineKind;
    auto control = [](unsigned char c) { return c <= 0x20 || c == 0x7f; };
    auto refused_at = [&line](const char* at) { return HeaderLineReading{Refused, static_cast<std::size_t>(at - line.data())}; };
    if (line.empty()) return {};
    if (control(line[0]) || line[0] == ':') return refused_at(line.data());
    bool invalid = false;
    std::size_t i = 0;
    for (; i < line.size() && line[i] != ':'; ++i) {
        unsigned char c = line[i];
        if (c == '\r' || c == '\n') {  // a name alone, if a LF ends it
            if (c == '\n' || i + 1 == line.size() || line[i + 1] == '\n') return {invalid ? Invalid : NoColon};
            return refused_at(line.data() + i);
        }
        if (control(c)) return refused_at(line.data() + i);
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                  (c == '_' && underscores);
        if (!ok) invalid = true;
    }
    // the value: a NUL refuses the line; its first CR ends it, and only CRs may come between it and the LF.
    // Two memchr scans: a value may be long (a Cookie), and find_first_of would call one per byte.
    std::string_view value = line.substr(i);
    const char* nul = static_cast<const char*>(std::memchr(value.data(), '\0', value.size()));
    const char* cr = static_cast<const char*>(std::memchr(value.data(), '\r', value.size()));
    if (nul && (!cr || nul < cr)) return refused_at(nul);
    if (cr) {
        std::size_t after = line.find_first_not_of('\r', static_cast<std::size_t>(cr - line.data()));
        if (after != std::string_view::npos && line[after] != '\n') return refused_at(cr);
    }
    return {invalid ? Invalid : Valid, 0, i};
}

std::optional<std::string_view> tabbed_value(std::string_view line, std::size_t colon) {
    // plain loops: this runs on every field of every request, and a value's ends are a byte or two away
    std::size_t end = line.size();
    while (end > colon + 1 && (line[end - 1] == '\n' || line[end - 1] == '\r' || line[end - 1] == ' ')) --end;
    std::size_t start = colon + 1;
    while (start < end && line[start] == ' ') ++start;
    if (start == end || (line[start] != '\t' && line[end - 1] != '\t')) return std::nullopt;
    return line.substr(start, end - start);
}

std::string_view logged_header_line(std::string_view line) {
    std::string_view text = line.substr(0, line.find_first_of("\r\n"));
    std::size_t colon = text.find(':');
    if (colon == std::string_view::npos) return text;
    // as nginx: an empty value keeps the spaces after the colon, a value loses those after it
    if (text.find_first_not_of(' ', colon + 1) == std::string_view::npos) return text;
    return text.substr(0, text.find_last_not_of(' ') + 1);
}

std::optional<std::string> refused_header_text(std::string_view line) {
    HeaderLineReading reading = read_header_line(line, true);
    if (reading.kind != HeaderLineKind::Refused) return std::nullopt;
    char byte[8];
    std::snprintf(byte, sizeof byte, "\\x%02x", static_cast<unsigned char>(line[reading.stop]));
    return std::string(line.substr(0, reading.stop)) + byte + "...";
}

std::ptrdiff_t RequestHeaderPrepass::line_ends(beast::flat_buffer& buffer) {
    if (!started_) {
        const char* data = static_cast<const char*>(buffer.data().data());
        std::size_t empty = 0;
        while (empty < buffer.size() && (data[empty] == '\r' || data[empty] == '\n')) ++empty;
        buffer.consume(empty);
        started_ = buffer.size() > 0;
    }
    return static_cast<std::ptrdiff_t>(normalize_header_line_ends(buffer));
}

std::ptrdiff_t RequestHeaderPrepass::lines(beast::flat_buffer& buffer) {
    std::string_view data(static_cast<const char*>(buffer.data().data()), buffer.size());
    if (ended_) return 0;
    std::size_t pos = done_;
    std::string fixed;
    std::size_t copied = 0;  // data before this is in `fixed`, when it is edited
    bool edited = false;
    std::ptrdiff_t added = 0;
    if (!past_request_line_) {
        if ((pos = data.find('\n')) == std::string_view::npos) {
            // as nginx: refused at its first byte out of the grammar; held from the parser while only its end
            // can tell whether it is to be rewritten
            fault_ = request_line_fault(parse_request_line(data).verdict);
            hold_ = !fault_ && !parser_reads(data);
            return 0;
        }
        past_request_line_ = true;
        hold_ = false;
        std::string_view line = data.substr(0, ++pos);
        if (!parser_reads(line)) {
            ParsedRequestLine parsed = parse_request_line(line);
            auto for_parser = request_line_for_parser(parsed, line, as_sent_->request_line);
            if (!for_parser) {
                fault_ = request_line_fault(parsed.verdict);
                return 0;
            }
            fixed = std::move(*for_parser);
            copied = pos;
            edited = true;
            added += static_cast<std::ptrdiff_t>(fixed.size()) - static_cast<std::ptrdiff_t>(pos);
        }
    }
    for (std::size_t end; (end = data.find('\n', pos)) != std::string_view::npos; pos = end + 1) {
        std::string_view line = data.substr(pos, end + 1 - pos);
        if (line == "\r\n") {
            ended_ = true;
            break;
        }
        HeaderLineReading reading = read_header_line(line, underscores_);
        HeaderLineKind kind = reading.kind;
        if (kind == HeaderLineKind::Refused) {
            ended_ = true;  // the parser refuses it as nginx does: nothing after it matters
            break;
        }
        if (kind == HeaderLineKind::Invalid && ignore_invalid_) {
            fixed.append(data.substr(copied, pos - copied));
            copied = end + 1;
            edited = true;
            added -= static_cast<std::ptrdiff_t>(line.size());
            as_sent_->ignored_lines.emplace_back(logged_header_line(line));
            continue;
        }
        if (kind == HeaderLineKind::NoColon) {
            fixed.append(data.substr(copied, end - 1 - copied)).append(1, ':');
            copied = end - 1;
            edited = true;
            ++added;
        } else if (auto value = tabbed_value(line, reading.colon)) {
            as_sent_->tabbed_values.emplace_back(fields_, *value);
        }
        ++fields_;
    }
    // as nginx: a line still arriving is refused at its first byte out of the grammar, where the parser
    // would wait for the header's end (a lone CR may be the start of the blank line that ends it)
    if (std::string_view rest = data.substr(std::min(pos, data.size())); !ended_ && !rest.empty() && rest != "\r" &&
        read_header_line(rest, underscores_).kind == HeaderLineKind::Refused) {
        fault_ = http::error::bad_field;
    }
    if (!edited) {
        done_ = pos;
        return 0;
    }
    done_ = fixed.size() + (pos - copied);
    fixed.append(data.substr(copied));
    buffer.consume(buffer.size());
    auto space = buffer.prepare(fixed.size());
    std::memcpy(space.data(), fixed.data(), fixed.size());
    buffer.commit(fixed.size());
    return added;
}

}  // namespace proxy
