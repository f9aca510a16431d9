#pragma once
// How much freed memory the process keeps for reuse rather than giving it back to the kernel.

namespace proxy {

// glibc gives the free top of a worker's heap back to the kernel (madvise) as soon as it passes 128 KiB,
// and the pages fault back in with the next requests: under load that churn took about 10 % of the
// front's CPU in S2 (a TLB flush per madvise, a page fault per page). The top is given back past
// 16 MiB instead, and blocks below 4 MiB come from the heap, not from mmap. Left as it is when
// GLIBC_TUNABLES sets the allocator's own.
void keep_freed_heap();

}  // namespace proxy
