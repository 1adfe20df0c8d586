/// The fixed 40-byte header of one record.
///
/// | offset | size | field |
/// |---|---|---|
/// | 0 | 4 | magic `TSRc` |
/// | 4 | 4 | frame count *n* |
/// | 8 | 8 | body length *B*: 8·*n* (frame table) + the frames, each padded to 8 bytes |
/// | 16 | 8 | train ID (0 unless flag `hasTrainID`) |
/// | 24 | 8 | receive time, ns since the Unix epoch (signed) |
/// | 32 | 4 | flags (``RecordFlags``) |
/// | 36 | 4 | low 32 bits of XXH64 of bytes 0‥35 |
public struct RecordHeader: Sendable, Equatable {
    /// Number of frames in the message.
    public var frameCount: Int
    /// Bytes between the header and the trailer.
    public var bodyLength: Int
    /// The train ID, when the message had one.
    public var trainID: UInt64?
    /// Receive time in nanoseconds since the Unix epoch.
    public var receivedAtNanoseconds: Int64
    /// Flags.
    public var flags: RecordFlags

    /// Header + body + trailer.
    public var totalLength: Int { RecordFormat.recordHeaderSize + bodyLength + RecordFormat.recordTrailerSize }

    /// The header for a message with frames of `frameLengths` bytes.
    init(frameLengths: [Int], trainID: UInt64?, receivedAtNanoseconds: Int64, flags: RecordFlags) {
        frameCount = frameLengths.count
        bodyLength = 8 * frameLengths.count + frameLengths.reduce(0) { $0 + RecordFormat.align8($1) }
        self.trainID = trainID
        self.receivedAtNanoseconds = receivedAtNanoseconds
        var flags = flags
        if trainID != nil { flags.insert(.hasTrainID) } else { flags.remove(.hasTrainID) }
        self.flags = flags
    }

    /// The 40 header bytes followed by the frame table.
    func encoded(frameLengths: [Int]) -> [UInt8] {
        var w = ByteWriter(capacity: RecordFormat.recordHeaderSize + 8 * frameLengths.count)
        w.put(RecordFormat.recordMagic)
        w.put(UInt32(frameCount))
        w.put(UInt64(bodyLength))
        w.put(trainID ?? 0)
        w.put(receivedAtNanoseconds)
        w.put(flags.rawValue)
        let check = w.bytes.withUnsafeBytes { UInt32(truncatingIfNeeded: XXH64.hash($0)) }
        w.put(check)
        for length in frameLengths { w.put(UInt64(length)) }
        return w.bytes
    }

    /// Parses and checks a header from its 40 bytes; the reason when it is not a valid header.
    static func parse(_ raw: UnsafeRawBufferPointer) -> Result<RecordHeader, HeaderProblem> {
        guard raw.count >= RecordFormat.recordHeaderSize else { return .failure(.truncated) }
        guard raw.u32(0) == RecordFormat.recordMagic else { return .failure(.badMagic) }
        let check = UInt32(truncatingIfNeeded: XXH64.hash(UnsafeRawBufferPointer(rebasing: raw[0..<36])))
        guard check == raw.u32(36) else { return .failure(.badChecksum) }
        let count = Int(raw.u32(4))
        let body = raw.u64(8)
        guard body <= UInt64(Int.max / 2), Int(body) >= 8 * count else { return .failure(.badLength) }
        let flags = RecordFlags(rawValue: raw.u32(32))
        var header = RecordHeader(frameLengths: [], trainID: nil, receivedAtNanoseconds: raw.i64(24), flags: flags)
        header.frameCount = count
        header.bodyLength = Int(body)
        header.flags = flags
        header.trainID = flags.contains(.hasTrainID) ? raw.u64(16) : nil
        return .success(header)
    }

    /// Why bytes are not a record header.
    enum HeaderProblem: String, Error {
        case truncated = "the file ends inside a record header"
        case badMagic = "no record starts here"
        case badChecksum = "the record header checksum does not match"
        case badLength = "the record length is impossible"
    }
}
