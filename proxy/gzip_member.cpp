#include "proxy/gzip_member.hpp"

#include "proxy/gzip_stream.hpp"

namespace proxy {

std::string gzip_member(std::string_view data, int level) {
    // as nginx's access log: the largest window, its default memory level, both made smaller for a small
    // buffer (the stream does that from the length)
    GzipStream stream(level, MAX_WBITS, MAX_MEM_LEVEL - 1, data.size(), 16 * 1024);
    if (!stream.ok()) return {};
    stream.input(data);
    std::string out;
    for (;;) {
        GzipStream::Step step = stream.step(true);
        out.append(step.output);
        if (step.done) return out;
    }
}

}  // namespace proxy
