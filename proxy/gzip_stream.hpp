#pragma once
// One response body compressed as it comes: a zlib deflate stream with the gzip wrapper, writing into
// one output buffer of fixed size, so memory stays bounded whatever the body's length. What zlib holds
// back until more input comes stays there: only the end of the body flushes it.
#include <zlib.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace proxy {

class GzipStream {
public:
    // nginx's settings: gzip_comp_level, and the window bits and memory level from gzip_window and
    // gzip_hash, made smaller for a body of known length below the window (as nginx, to spare memory).
    GzipStream(int level, int window_bits, int memory_level, std::optional<std::uint64_t> length,
               std::size_t buffer_size);
    ~GzipStream();
    GzipStream(const GzipStream&) = delete;
    GzipStream& operator=(const GzipStream&) = delete;

    bool ok() const { return ok_; }  // false when zlib could not start (no memory): pass the body on

    // The next bytes to compress; they must stay valid until step() says they are used.
    void input(std::string_view data);

    struct Step {
        std::string_view output;  // what to send now (valid until the next step)
        bool done;                // the input is used up (with `finish`: the stream has ended)
    };
    // Compresses until the output buffer is full (then gives it) or the input is used up; with
    // `finish`, ends the stream (the gzip trailer) once the input is used, and gives what is left.
    Step step(bool finish);

    std::uint64_t total_in() const { return stream_.total_in; }
    std::uint64_t total_out() const { return stream_.total_out; }  // the header and trailer included

private:
    z_stream stream_{};
    std::vector<unsigned char> out_;
    std::size_t used_ = 0;     // what the output buffer holds
    bool handed_out_ = false;  // the last step gave the buffer's content: it starts over
    bool ok_ = false;
    bool ended_ = false;
};

// nginx's $gzip_ratio: in / out with two decimals, rounded half up ("2.13" for 2.125).
std::string gzip_ratio(std::uint64_t in, std::uint64_t out);

}  // namespace proxy
