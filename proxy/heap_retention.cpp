#include "proxy/heap_retention.hpp"

#include <malloc.h>

#include <cstdlib>

namespace proxy {

void keep_freed_heap() {
    if (std::getenv("GLIBC_TUNABLES")) return;
    // setting one disables glibc's own adjustment of both, which raised them after a large block's free
    mallopt(M_MMAP_THRESHOLD, 4 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
}

}  // namespace proxy
