import ByteSlices

/// Appends records to one segment file and its index sidecar. Owned by the writer thread.
final class SegmentWriter {
    let header: SegmentHeader
    let file: RawFile
    let index: RawFile
    /// Bytes in the segment file so far.
    private(set) var size: Int
    /// Records written.
    private(set) var records = 0

    private static let padding = ByteSlice(copying: [UInt8](repeating: 0, count: 8))
    /// Bytes hashed, then written, at a time.
    static let sliceBytes = 4 << 20

    /// Creates `seg-NNNNN.tsr` and `seg-NNNNN.tsi` in `directory` and writes their headers.
    init(directory: String, header: SegmentHeader) throws(RecordingError) {
        self.header = header
        file = try RawFile.create(directory + "/" + RecordFormat.segmentName(header.number))
        index = try RawFile.create(directory + "/" + RecordFormat.indexName(header.number))
        let bytes = header.encoded()
        try file.write(bytes)
        try index.write(RecordIndexEntry.indexHeader(segmentNumber: header.number, recordingID: header.recordingID))
        size = bytes.count
    }

    /// Appends one message as a record (header, frame table, padded frames, trailer) with
    /// gathered writes of a few MiB each, then its index entry. Returns the record's length.
    @discardableResult
    func append(frames: [ByteSlice], trainID: UInt64?, receivedAtNanoseconds: Int64,
                flags: RecordFlags) throws(RecordingError) -> Int {
        let lengths = frames.map(\.count)
        let recordHeader = RecordHeader(frameLengths: lengths, trainID: trainID,
                                        receivedAtNanoseconds: receivedAtNanoseconds, flags: flags)
        let head = recordHeader.encoded(frameLengths: lengths)
        let offset = size
        // Slices over storage that keeps its address for its lifetime (ByteStorage's contract),
        // so raw pointers into them stay valid until the explicit lifetime end below.
        let headSlice = ByteSlice(copying: head)
        var pieces: [UnsafeRawBufferPointer] = [headSlice.stableBytes]
        pieces.reserveCapacity(2 * frames.count + 2)
        let pad = Self.padding.stableBytes
        for frame in frames {
            pieces.append(frame.stableBytes)
            let fill = RecordFormat.align8(frame.count) - frame.count
            if fill > 0 { pieces.append(UnsafeRawBufferPointer(rebasing: pad[0..<fill])) }
        }
        // Hash and write in slices of a few MiB: the write then copies bytes the hash has
        // just brought into the cache, and the checksum costs almost nothing extra.
        var hash = XXH64()
        var batch: [UnsafeRawBufferPointer] = []
        var batchBytes = 0
        for piece in pieces {
            var start = 0
            repeat {
                let length = min(piece.count - start, Self.sliceBytes - batchBytes)
                let part = UnsafeRawBufferPointer(rebasing: piece[start..<(start + length)])
                hash.update(part)
                batch.append(part)
                batchBytes += length
                start += length
                if batchBytes >= Self.sliceBytes {
                    try file.write(batch)
                    batch.removeAll(keepingCapacity: true)
                    batchBytes = 0
                }
            } while start < piece.count
        }
        var trailer = ByteWriter(capacity: RecordFormat.recordTrailerSize)
        trailer.put(hash.digest())
        trailer.put(UInt64(recordHeader.totalLength))
        let tailSlice = ByteSlice(copying: trailer.bytes)
        batch.append(tailSlice.stableBytes)
        try file.write(batch)
        withExtendedLifetime((frames, headSlice, tailSlice)) {}
        size += recordHeader.totalLength
        records += 1
        let entry = RecordIndexEntry(segment: header.number, offset: offset, trainID: trainID,
                                     receivedAtNanoseconds: receivedAtNanoseconds, flags: recordHeader.flags)
        try index.write(entry.encoded())
        return recordHeader.totalLength
    }

    /// Flushes both files to disk.
    func sync() throws(RecordingError) {
        try file.sync()
        try index.sync()
    }

    func close() {
        file.close()
        index.close()
    }
}

@available(*, unavailable, message: "a SegmentWriter belongs to the writer thread")
extension SegmentWriter: Sendable {}
