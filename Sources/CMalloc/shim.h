#include <malloc.h>

/// Serve large blocks from the heap instead of fresh mmaps, and keep freed memory for reuse.
///
/// One arena: glibc gives other threads their own arenas, whose heaps are at most 64 MiB,
/// so a larger block allocated off the main thread (every AGIPD frame libzmq receives, big
/// results made on pool threads) is mmapped afresh whatever M_MMAP_MAX says. glibc fixes the
/// arena limit when a second arena is first needed, so this must run before other threads
/// allocate (the first thing `main` does).
static inline void cmalloc_retain_large_buffers(void) {
    mallopt(M_ARENA_MAX, 1);
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
    mallopt(M_TOP_PAD, 64 << 20);
}
