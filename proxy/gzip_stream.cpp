#include "proxy/gzip_stream.hpp"

#include <cstdio>
#include <string>

namespace proxy {

GzipStream::GzipStream(int level, int window_bits, int memory_level, std::optional<std::uint64_t> length,
                       std::size_t buffer_size)
    : out_(buffer_size) {
    if (length && *length > 0) {
        // as nginx: zlib's real window is 262 bytes short of its size
        while (window_bits > 9 && *length < (std::uint64_t{1} << (window_bits - 1)) - 262) {
            --window_bits;
            --memory_level;
        }
        if (memory_level < 1) memory_level = 1;
    }
    // +16: zlib writes the gzip header and trailer around the deflate data
    ok_ = deflateInit2(&stream_, level, Z_DEFLATED, window_bits + 16, memory_level, Z_DEFAULT_STRATEGY) == Z_OK;
}

GzipStream::~GzipStream() {
    if (ok_) deflateEnd(&stream_);
}

void GzipStream::input(std::string_view data) {
    stream_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    stream_.avail_in = static_cast<uInt>(data.size());
}

GzipStream::Step GzipStream::step(bool finish) {
    if (handed_out_) {
        used_ = 0;
        handed_out_ = false;
    }
    if (ended_) return {{}, true};
    stream_.next_out = out_.data() + used_;
    stream_.avail_out = static_cast<uInt>(out_.size() - used_);
    int rc = deflate(&stream_, finish ? Z_FINISH : Z_NO_FLUSH);
    used_ = out_.size() - stream_.avail_out;
    if (rc == Z_STREAM_END || rc == Z_STREAM_ERROR) ended_ = true;  // an error: nothing more can come
    bool full = used_ == out_.size();
    // as nginx: output goes when a buffer is full or the stream ends, so a small body is one piece
    handed_out_ = full || ended_;
    std::string_view output(reinterpret_cast<const char*>(out_.data()), handed_out_ ? used_ : 0);
    return {output, finish ? ended_ : stream_.avail_in == 0 && !full};
}

std::string gzip_ratio(std::uint64_t in, std::uint64_t out) {
    std::uint64_t whole = in / out;
    std::uint64_t fraction = in * 100 / out % 100;
    if (in * 1000 / out % 10 > 4) {
        if (++fraction > 99) {
            ++whole;
            fraction = 0;
        }
    }
    char text[48];
    std::snprintf(text, sizeof text, "%llu.%02llu", static_cast<unsigned long long>(whole),
                  static_cast<unsigned long long>(fraction));
    return text;
}

}  // namespace proxy
