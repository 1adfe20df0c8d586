import ByteSlices

/// Several frames in one buffer, for one MPI message: a little-endian header (frame count as
/// UInt64, then each frame's length as UInt64), then the frames, each starting at a multiple of
/// 64 bytes so arrays decoded in place are aligned. Unpacking slices the buffer (no copy).
enum FramePacking {
    static let alignment = 64

    static func pack(_ frames: [ByteSlice]) -> ByteSlice {
        let header = 8 * (frames.count + 1)
        var offsets: [Int] = []
        var end = header
        for f in frames {
            end = (end + alignment - 1) / alignment * alignment
            offsets.append(end)
            end += f.count
        }
        let storage = HeapBytes(count: end) { buffer in
            buffer.initializeMemory(as: UInt8.self, repeating: 0)
            buffer.storeBytes(of: UInt64(frames.count).littleEndian, toByteOffset: 0, as: UInt64.self)
            for (i, f) in frames.enumerated() {
                buffer.storeBytes(of: UInt64(f.count).littleEndian, toByteOffset: 8 * (i + 1), as: UInt64.self)
                f.withUnsafeBytes { bytes in
                    if let base = bytes.baseAddress, bytes.count > 0 {
                        (buffer.baseAddress! + offsets[i]).copyMemory(from: base, byteCount: bytes.count)
                    }
                }
            }
        }
        return ByteSlice(storage)
    }

    static func unpack(_ message: ByteSlice) throws(ScaleOutError) -> [ByteSlice] {
        func word(_ at: Int) -> UInt64? {
            guard at + 8 <= message.count else { return nil }
            return message.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(fromByteOffset: at, as: UInt64.self)) }
        }
        guard let n64 = word(0), n64 < 1 << 20 else { throw ScaleOutError.malformed("frame header of a \(message.count)-byte message") }
        let n = Int(n64)
        var end = 8 * (n + 1)
        var frames: [ByteSlice] = []
        for i in 0..<n {
            guard let length = word(8 * (i + 1)), length <= UInt64(message.count) else {
                throw ScaleOutError.malformed("frame \(i) length in a \(message.count)-byte message")
            }
            end = (end + alignment - 1) / alignment * alignment
            guard let frame = message.slice(offset: end, count: Int(length)) else {
                throw ScaleOutError.malformed("frame \(i) runs past the end of a \(message.count)-byte message")
            }
            frames.append(frame)
            end += Int(length)
        }
        return frames
    }
}
