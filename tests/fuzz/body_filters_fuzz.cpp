// Feeds arbitrary bytes, as an upstream's body, to the two body filters that read it as it streams: the
// SSI parser (proxy::ssi::Parser) and sub_filter's matcher (proxy::SubMatcher). The first byte sets the
// size of the pieces the body arrives in, the second the SSI value length and sub_filter_once, the third
// how many sub_filter patterns follow (each a length byte and its bytes, lower-cased); the rest is the
// body. A crash or sanitizer report is a bug, and so is any difference between the body read in pieces
// and read whole (the SSI text and commands, parameters and errors in order; sub_filter's output), or
// SubMatcher holding back more than the longest pattern less a byte: all abort.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "proxy/ssi_parser.hpp"
#include "proxy/sub_matcher.hpp"

namespace {

// The body split in pieces of `piece` bytes (the whole body when `piece` is 0).
std::vector<std::string_view> split(std::string_view body, std::size_t piece) {
    if (piece == 0) return {body};
    std::vector<std::string_view> pieces;
    for (std::size_t at = 0; at < body.size(); at += piece) pieces.push_back(body.substr(at, piece));
    return pieces;
}

// What the SSI parser makes of the pieces, in order: the text between commands joined, each command with
// its parameters, each error with its message.
std::string ssi_transcript(const std::vector<std::string_view>& pieces, std::size_t value_length) {
    proxy::ssi::Parser parser(value_length);
    std::string transcript, text;
    auto flush = [&] {
        transcript += "text " + std::to_string(text.size()) + ":" + text + "\n";
        text.clear();
    };
    for (std::string_view in : pieces) {
        for (;;) {
            proxy::ssi::Parser::Event e = parser.next(in);
            if (e == proxy::ssi::Parser::Event::More) {
                if (!in.empty()) std::abort();
                break;
            }
            if (e == proxy::ssi::Parser::Event::Text) {
                if (parser.text().empty()) std::abort();
                text += parser.text();
                continue;
            }
            flush();
            if (e == proxy::ssi::Parser::Event::Error) {
                transcript += "error " + parser.message() + "\n";
                continue;
            }
            transcript += "command " + parser.command() + "\n";
            for (const proxy::ssi::Param& p : parser.params()) {
                transcript += " " + std::to_string(p.name.size()) + ":" + p.name + "=" +
                              std::to_string(p.value.size()) + ":" + p.value + "\n";
            }
        }
    }
    flush();
    return transcript;
}

std::string sub_output(const std::vector<std::string>& patterns, bool once,
                       const std::vector<std::string_view>& pieces) {
    static const std::string_view kReplacements[] = {"", "R", "<replaced>", "$1"};
    std::size_t longest = 0;
    for (const std::string& p : patterns) longest = std::max(longest, p.size());
    proxy::SubMatcher matcher(patterns, once);
    std::string out;
    auto replacement = [](std::size_t i) { return kReplacements[i % 4]; };
    for (std::string_view in : pieces) {
        matcher.feed(in, out, replacement);
        if (matcher.held() > longest - 1) std::abort();
    }
    matcher.finish(out);
    if (matcher.held() != 0) std::abort();
    return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 3) return 0;
    const std::size_t piece = 1 + data[0] % 32;
    const std::size_t value_length = 1 + data[1] % 64;
    const bool once = data[1] & 0x80;
    std::size_t count = 1 + data[2] % 4;
    std::string_view rest(reinterpret_cast<const char*>(data) + 3, size - 3);
    std::vector<std::string> patterns;
    while (count-- > 0 && !rest.empty()) {
        std::size_t n = 1 + static_cast<unsigned char>(rest[0]) % 8;
        rest.remove_prefix(1);
        std::string p(rest.substr(0, n));
        rest.remove_prefix(p.size());
        if (p.empty()) break;
        for (char& c : p) c = c >= 'A' && c <= 'Z' ? static_cast<char>(c | 0x20) : c;  // as ngx_strlow
        patterns.push_back(std::move(p));
    }
    if (patterns.empty()) return 0;
    const std::string_view body = rest;

    if (ssi_transcript(split(body, piece), value_length) != ssi_transcript(split(body, 0), value_length)) std::abort();
    if (sub_output(patterns, once, split(body, piece)) != sub_output(patterns, once, split(body, 0))) std::abort();
    return 0;
}
