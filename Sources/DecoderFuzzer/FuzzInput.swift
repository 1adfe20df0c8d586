import ByteSlices
#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif

/// How the fuzzer turns one input into the frames of a multipart message.
///
/// The input is split at every occurrence of ``separator`` (`c1 46 52 4d`, i.e. the
/// never-used msgpack byte 0xc1 followed by "FRM"): `A ⟨sep⟩ B ⟨sep⟩ C` is the three-frame
/// message `[A, B, C]`. An input without a separator is a one-frame message (protocol 1.0
/// or an `Error: …` reply), the empty input a zero-frame message. `scripts/fuzz` writes
/// its seeds (the captured vectors) in this form.
enum FuzzInput {
    /// The bytes between frames.
    static let separator: [UInt8] = [0xc1, 0x46, 0x52, 0x4d]
    /// ``separator`` at a fixed address, for `memcmp`.
    nonisolated(unsafe) static let separatorPointer: UnsafeMutableRawPointer = {
        let pointer = UnsafeMutableRawPointer.allocate(byteCount: separator.count, alignment: 1)
        pointer.copyMemory(from: separator, byteCount: separator.count)
        return pointer
    }()
    /// At most this many frames are made; the rest of the input stays in the last frame.
    static let maxFrames = 4096

    /// The frames of `input`, each copied into its own storage (so ASan sees exact bounds).
    static func frames(_ input: UnsafeRawBufferPointer) -> [ByteSlice] {
        guard let base = input.baseAddress, !input.isEmpty else { return [] }
        var frames: [ByteSlice] = []
        var start = 0
        var index = 0
        let last = input.count - separator.count
        while index <= last, frames.count < maxFrames - 1 {
            // memchr for the separator's first byte, then compare the rest.
            guard let hit = memchr(base + index, Int32(separator[0]), last + 1 - index) else { break }
            index = UnsafeRawPointer(hit) - base
            if memcmp(base + index, separatorPointer, separator.count) == 0 {
                frames.append(copy(base + start, index - start))
                index += separator.count
                start = index
            } else {
                index += 1
            }
        }
        frames.append(copy(base + start, input.count - start))
        return frames
    }

    /// `count` bytes at `pointer` in storage of their own.
    static func copy(_ pointer: UnsafeRawPointer, _ count: Int) -> ByteSlice {
        ByteSlice(HeapBytes(count: count) { out in
            if count > 0 { out.baseAddress!.copyMemory(from: pointer, byteCount: count) }
        })
    }
}
