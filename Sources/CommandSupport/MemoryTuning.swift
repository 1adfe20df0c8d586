import CMalloc
import Foundation

/// Process-wide allocator settings for streaming big trains.
///
/// libzmq allocates every received frame with `malloc`. glibc serves blocks larger than
/// its mmap threshold (at most 32 MiB) with a fresh `mmap`, so each 268 MB AGIPD frame
/// would be page-faulted and zero-filled by the kernel on every train, and unmapped again
/// after it. Serving them from the heap and keeping freed memory (up to 4 GiB at the top
/// of the heap) lets the next train reuse the same pages.
package enum MemoryTuning {
    package static func apply() {
        if ProcessInfo.processInfo.environment["TRAINSPOTTER_DEFAULT_MALLOC"] == nil {
            cmalloc_retain_large_buffers()
        }
    }
}
