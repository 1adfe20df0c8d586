#include <malloc.h>

/// Serve large blocks from the heap instead of fresh mmaps, and keep freed memory for reuse.
static inline void cmalloc_retain_large_buffers(void) {
    mallopt(M_MMAP_MAX, 0);
    mallopt(M_TRIM_THRESHOLD, 0x7fffffff);
    mallopt(M_TOP_PAD, 64 << 20);
}
