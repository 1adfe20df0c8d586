/// Constants and byte layouts of the raw recording container (`docs/recording-format.md`).
///
/// All integers are little-endian. A segment file (`.tsr`) is a 64-byte header, a JSON
/// description padded to 8 bytes, then records. A record is a 40-byte header, a table of
/// frame lengths, the frames (each padded to 8 bytes) and a 16-byte trailer.
public enum RecordFormat {
    /// First 8 bytes of a segment file: `\x89TSR\r\n\x1a\n`.
    public static let segmentMagic: [UInt8] = [0x89, 0x54, 0x53, 0x52, 0x0D, 0x0A, 0x1A, 0x0A]
    /// First 8 bytes of an index file: `\x89TSI\r\n\x1a\n`.
    public static let indexMagic: [UInt8] = [0x89, 0x54, 0x53, 0x49, 0x0D, 0x0A, 0x1A, 0x0A]
    /// First 4 bytes of every record: `TSRc`.
    public static let recordMagic: UInt32 = 0x6352_5354
    /// Format version written.
    public static let majorVersion: UInt16 = 1
    public static let minorVersion: UInt16 = 0

    /// Size of the fixed part of a segment header.
    public static let segmentHeaderSize = 64
    /// Size of a record header.
    public static let recordHeaderSize = 40
    /// Size of a record trailer (checksum, record length).
    public static let recordTrailerSize = 16
    /// Size of the index file header.
    public static let indexHeaderSize = 32
    /// Size of one index entry.
    public static let indexEntrySize = 32

    /// Segment file extension.
    public static let segmentExtension = "tsr"
    /// Index sidecar extension.
    public static let indexExtension = "tsi"

    /// `n` rounded up to a multiple of 8.
    @inline(__always)
    public static func align8(_ n: Int) -> Int { (n + 7) & ~7 }

    /// The file name of segment `number`: `seg-00000.tsr`.
    public static func segmentName(_ number: Int) -> String {
        "seg-" + zeroPadded(number, 5) + "." + segmentExtension
    }

    /// The index sidecar of segment `number`: `seg-00000.tsi`.
    public static func indexName(_ number: Int) -> String {
        "seg-" + zeroPadded(number, 5) + "." + indexExtension
    }

    static func zeroPadded(_ n: Int, _ width: Int) -> String {
        let digits = String(n)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

/// Per-record flags (record header offset 32, also copied into index entries).
public struct RecordFlags: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// The train ID field holds the message's train ID.
    public static let hasTrainID = RecordFlags(rawValue: 1 << 0)
    /// The message did not decode as a Karabo Bridge train (it is stored all the same).
    public static let undecodable = RecordFlags(rawValue: 1 << 1)
}

/// Little-endian appending into a byte array.
struct ByteWriter {
    var bytes: [UInt8] = []

    init(capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    mutating func put(_ value: UInt16) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func put(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func put(_ value: UInt64) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
    mutating func put(_ value: Int64) { put(UInt64(bitPattern: value)) }
    mutating func put(_ raw: [UInt8]) { bytes.append(contentsOf: raw) }
    mutating func zeros(_ count: Int) { bytes.append(contentsOf: repeatElement(0, count: count)) }

    /// Overwrites 4 bytes at `offset`.
    mutating func set(_ value: UInt32, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<4 { bytes[offset + i] = raw[i] }
        }
    }

    /// Overwrites 8 bytes at `offset`.
    mutating func set(_ value: UInt64, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for i in 0..<8 { bytes[offset + i] = raw[i] }
        }
    }
}

/// Little-endian loads from raw bytes.
extension UnsafeRawBufferPointer {
    @inline(__always) func u16(_ offset: Int) -> UInt16 { UInt16(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt16.self)) }
    @inline(__always) func u32(_ offset: Int) -> UInt32 { UInt32(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt32.self)) }
    @inline(__always) func u64(_ offset: Int) -> UInt64 { UInt64(littleEndian: loadUnaligned(fromByteOffset: offset, as: UInt64.self)) }
    @inline(__always) func i64(_ offset: Int) -> Int64 { Int64(bitPattern: u64(offset)) }
}
