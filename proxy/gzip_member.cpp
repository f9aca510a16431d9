#include "proxy/gzip_member.hpp"

#include <zlib.h>

namespace proxy {

std::string gzip_member(std::string_view data, int level) {
    // as nginx: a smaller window and memory level for small buffers, the same output size bound
    int window_bits = MAX_WBITS;
    int mem_level = MAX_MEM_LEVEL - 1;
    while (static_cast<long>(data.size()) < (1L << (window_bits - 1)) - 262 && window_bits > 9) {
        --window_bits;
        --mem_level;
    }
    z_stream z{};
    if (deflateInit2(&z, level, Z_DEFLATED, window_bits + 16, mem_level, Z_DEFAULT_STRATEGY) != Z_OK) return {};
    std::string out(deflateBound(&z, static_cast<uLong>(data.size())), '\0');
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z.avail_in = static_cast<uInt>(data.size());
    z.next_out = reinterpret_cast<Bytef*>(out.data());
    z.avail_out = static_cast<uInt>(out.size());
    int rc = deflate(&z, Z_FINISH);
    out.resize(out.size() - z.avail_out);
    deflateEnd(&z);
    if (rc != Z_STREAM_END) return {};
    return out;
}

}  // namespace proxy
