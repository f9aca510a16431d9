#pragma once
// nginx's sub_filter matching (ngx_http_sub_filter_module) over a body that comes in pieces: at each position,
// from the left, the first pattern in the configuration's order that matches there (ASCII letters without
// case) is replaced, and the scan goes on after it. A position where a pattern could still match once more
// of the body comes is held back with what follows it, never more than the longest pattern less a byte, so
// a match split between two pieces is found and memory stays bounded whatever the body's length.
#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace proxy {

class SubMatcher {
public:
    // The replacement of pattern `index` (its position in the list given), asked for at each match.
    using Replacement = std::function<std::string_view(std::size_t index)>;

    // `patterns`: lower-cased, none empty, in the configuration's order. With `once`, each pattern is
    // replaced at most once, and the rest of the body goes on as it is once all have been.
    SubMatcher(std::vector<std::string> patterns, bool once);

    // Takes the next piece of the body: appends to `out` what is decided up to now, replacements in place.
    void feed(std::string_view in, std::string& out, const Replacement& replacement);

    // The end of the body: what is held back goes out as it is. As nginx, a pattern that the end cut short
    // is not looked past: a shorter match inside the text held back is not made.
    void finish(std::string& out);

    std::size_t held() const { return held_.size(); }

private:
    // Scans `text` from its start, deciding the positions before `limit` (a match there may run past it).
    // Appends the text decided, with replacements, to `out`; the position it stopped at, which is before
    // `limit` only when a pattern there needs more than `text` holds (`stuck`).
    std::size_t scan(std::string_view text, std::size_t limit, std::string& out, const Replacement& replacement,
                     bool& stuck);

    std::vector<std::string> patterns_;
    // for each lower-cased byte, the patterns that begin with it, in the configuration's order
    std::array<std::vector<std::uint8_t>, 256> by_first_{};
    std::size_t longest_ = 0;
    bool once_;
    std::vector<bool> used_;  // with once: the patterns replaced already
    std::size_t unused_;      // with once: how many are not
    std::string held_;        // the body's text not decided yet
    std::string scratch_;     // held_ and the beginning of the next piece, reused
};

}  // namespace proxy
