#include <msgpack.h>
#include <stdlib.h>
#include <string.h>

/// A heap-allocated packer that appends to `sbuf` (msgpack_sbuffer_write is a
/// static inline function, so Swift cannot form the C function pointer itself).
static inline msgpack_packer *cmp_packer_new_sbuffer(msgpack_sbuffer *sbuf) {
    return msgpack_packer_new(sbuf, msgpack_sbuffer_write);
}

/// Frees memory that msgpack-c allocated with malloc/realloc (e.g. a released sbuffer).
static inline void cmp_free(void *pointer) {
    free(pointer);
}

/// Whether `count` bytes at `a` and `b` are equal (memcmp, without importing libc in Swift).
static inline bool cmp_bytes_equal(const void *a, const void *b, size_t count) {
    return count == 0 || memcmp(a, b, count) == 0;
}
