#pragma once
// The gzip module's settings that are more than one value: gzip_buffers, gzip_disable and gzip_proxied's bits.
#include <cstdint>
#include <string>
#include <vector>

#include "confparse/error.hpp"

namespace confparse {

// gzip_proxied, as nginx's bitmask
inline constexpr unsigned kGzipProxiedOff = 1u << 0;
inline constexpr unsigned kGzipProxiedExpired = 1u << 1;
inline constexpr unsigned kGzipProxiedNoCache = 1u << 2;
inline constexpr unsigned kGzipProxiedNoStore = 1u << 3;
inline constexpr unsigned kGzipProxiedPrivate = 1u << 4;
inline constexpr unsigned kGzipProxiedNoLastModified = 1u << 5;
inline constexpr unsigned kGzipProxiedNoEtag = 1u << 6;
inline constexpr unsigned kGzipProxiedAuth = 1u << 7;
inline constexpr unsigned kGzipProxiedAny = 1u << 8;

// gzip_buffers: how many and how big; nproxy's stream writes out one buffer of `size` at a time.
struct GzipBuffers {
    std::int64_t count = 32;
    std::int64_t size = 4096;
};

// A gzip_disable regex (matched against User-Agent without case), with where it was written.
struct GzipDisablePattern {
    std::string pattern;
    SourceRef where;
};

}  // namespace confparse
