// Feeds arbitrary bytes to proxy::read_proxy_protocol as the first read of a connection on a listen with
// "proxy_protocol": a version 1 text or version 2 binary header from a client, then whatever follows it.
// A crash or sanitizer report is a bug, and so is a header longer than the input or one that is not a
// header (size 0) yet names addresses: both abort.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "proxy/proxy_protocol.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    proxy::ProxyProtocolHeader h = proxy::read_proxy_protocol(input);
    if (h.size > input.size()) std::abort();
    if (h.size == 0 && h.addresses) std::abort();
    if (h.addresses && (h.addresses->src_port < 0 || h.addresses->src_port > 65535 || h.addresses->dst_port < 0 ||
                        h.addresses->dst_port > 65535)) {
        std::abort();
    }
    return 0;
}
