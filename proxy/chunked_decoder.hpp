#pragma once
// A chunked request body decoded as nginx reads one (ngx_http_parse_chunked), not as Beast's parser does:
// a line may end in a bare LF, a size may be followed by spaces, tabs or any extension, and trailer lines
// are skipped unread. Fed the raw bytes after the header; it stops where the body ends, so what follows
// belongs to the next request. It holds no more than its state: the data goes straight to the caller.
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace proxy {

class ChunkedDecoder {
public:
    enum class Status : std::uint8_t {
        More,      // wants more input (or room for data)
        Done,      // the body ended; the input after it is not taken
        Invalid,   // the body broke its framing (nginx: "client sent invalid chunked body")
        TooLarge,  // a chunk would take the body past the limit (nginx's 413)
    };
    struct Step {
        std::size_t used = 0;      // input bytes taken
        std::size_t produced = 0;  // data bytes written to `out`
        Status status = Status::More;
    };

    // Decodes `in` into `out` (at most `room` bytes) until either runs out or the body ends or breaks.
    // `limit` (0: none) is client_max_body_size: as nginx, once a chunk's first data byte is there, its
    // declared size counts whole against the limit, before any of it is read.
    Step decode(std::string_view in, char* out, std::size_t room, std::uint64_t limit);

    bool done() const { return state_ == State::Done; }
    // The data so far, and what is left of the chunk being read (all of it when TooLarge said so).
    std::uint64_t received() const { return received_; }
    std::uint64_t chunk_left() const { return size_; }

private:
    enum class State : std::uint8_t {
        Start,          // a chunk's size comes
        Size,           // in the size
        Extension,      // after the size, up to its line's end
        Data,           // the chunk's data
        AfterData,      // the line end after the data
        LastExtension,  // after a size of 0, up to its line's end
        Trailer,        // the start of a trailer line, or the empty line that ends the body
        TrailerLine,    // in a trailer line, skipped
        Cr,             // a CR ended a line: an LF must follow, then after_cr_
        Done,
        Broken,
    };
    // Goes to `next` when `ch` ends a line (by way of Cr for a CR); false when it does not.
    bool line_end(char ch, State next);

    State state_ = State::Start;
    State after_cr_ = State::Start;
    std::uint64_t size_ = 0;
    std::uint64_t received_ = 0;
};

}  // namespace proxy
