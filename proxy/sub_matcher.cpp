#include "proxy/sub_matcher.hpp"

#include <algorithm>

namespace proxy {
namespace {

// nginx's ngx_tolower: ASCII letters only, whatever the locale
inline unsigned char lower(char c) {
    auto u = static_cast<unsigned char>(c);
    return u >= 'A' && u <= 'Z' ? static_cast<unsigned char>(u | 0x20) : u;
}

enum class Fit { No, Partial, Whole };

// How `pattern` (lower-cased) fits `text` from its start.
Fit fit(std::string_view text, const std::string& pattern) {
    std::size_t n = std::min(text.size(), pattern.size());
    for (std::size_t i = 0; i < n; ++i) {
        if (lower(text[i]) != static_cast<unsigned char>(pattern[i])) return Fit::No;
    }
    return n == pattern.size() ? Fit::Whole : Fit::Partial;
}

}  // namespace

SubMatcher::SubMatcher(std::vector<std::string> patterns, bool once)
    : patterns_(std::move(patterns)), once_(once), used_(patterns_.size()), unused_(patterns_.size()) {
    for (std::size_t i = 0; i < patterns_.size() && i < 256; ++i) {
        by_first_[static_cast<unsigned char>(patterns_[i][0])].push_back(static_cast<std::uint8_t>(i));
        longest_ = std::max(longest_, patterns_[i].size());
    }
}

std::size_t SubMatcher::scan(std::string_view text, std::size_t limit, std::string& out, const Replacement& replacement,
                             bool& stuck) {
    stuck = false;
    std::size_t copied = 0;  // where the text not written out yet begins
    std::size_t at = 0;
    while (at < limit && !(once_ && unused_ == 0)) {
        const std::vector<std::uint8_t>& candidates = by_first_[lower(text[at])];
        std::size_t matched = patterns_.size();
        for (std::uint8_t i : candidates) {
            if (once_ && used_[i]) continue;
            Fit f = fit(text.substr(at), patterns_[i]);
            if (f == Fit::No) continue;
            if (f == Fit::Partial) {  // an earlier pattern decides first, as nginx tries them in order
                stuck = true;
                out.append(text.substr(copied, at - copied));
                return at;
            }
            matched = i;
            break;
        }
        if (matched == patterns_.size()) {
            ++at;
            continue;
        }
        out.append(text.substr(copied, at - copied));
        out.append(replacement(matched));
        at += patterns_[matched].size();
        copied = at;
        if (once_) {
            used_[matched] = true;
            --unused_;
        }
    }
    if (once_ && unused_ == 0) at = std::max(at, text.size());  // nothing is looked for any more
    out.append(text.substr(copied, at - copied));
    return at;
}

void SubMatcher::feed(std::string_view in, std::string& out, const Replacement& replacement) {
    bool stuck = false;
    if (!held_.empty()) {
        // the positions held back are decided with the beginning of this piece: a pattern that starts
        // among them ends at most longest_ - 1 bytes into it
        std::size_t held = held_.size();
        scratch_.assign(held_).append(in.substr(0, std::min(in.size(), longest_ - 1)));
        held_.clear();
        std::size_t at = scan(scratch_, held, out, replacement, stuck);
        if (stuck) {  // this piece is all in scratch_, else the pattern would have had room
            held_.assign(scratch_, at);
            return;
        }
        in.remove_prefix(at - held);  // scan() has written out scratch_ up to `at`, which goes that far into `in`
    }
    std::size_t at = scan(in, in.size(), out, replacement, stuck);
    if (stuck) held_.assign(in.substr(at));
}

void SubMatcher::finish(std::string& out) {
    out.append(held_);
    held_.clear();
}

}  // namespace proxy
