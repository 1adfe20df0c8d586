import BridgeSockets
import ByteSlices
import Foundation
import KaraboBridge
import Recording
import TestSupport
import Testing

/// The raw container: round trips, rotation, index rebuilding, torn tails, damage.
@Suite(.timeLimit(.minutes(2))) struct ContainerTests {
    @Test func xxh64MatchesTheReferenceVectors() {
        func hash(_ s: String) -> UInt64 { Array(s.utf8).withUnsafeBytes { XXH64.hash($0) } }
        #expect(hash("") == 0xEF46_DB37_51D8_E999)
        #expect(hash("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash("abc") == 0x44BC_2CF5_AD77_0999)
        // Streaming in odd pieces gives the same hash as one call.
        let bytes = (0..<1000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        var state = XXH64()
        for piece in [0..<13, 13..<40, 40..<41, 41..<1000] { bytes[piece].withUnsafeBytes { state.update($0) } }
        #expect(state.digest() == bytes.withUnsafeBytes { XXH64.hash($0) })
    }

    /// Messages with awkward frames: empty, odd lengths, one byte, many frames.
    static func messages() -> [(RawMessage, Train?)] {
        var out: [(RawMessage, Train?)] = []
        for i in 0..<6 {
            let train = Samples.train(10_000 + UInt64(i))
            out.append((RawMessage(frames: Samples.frames(train), receivedAt: 1_700_000_000.25 + Double(i) * 0.1), train))
        }
        let odd = [ByteSlice.empty, ByteSlice(copying: [1]), ByteSlice(copying: Array(repeating: 7, count: 13))]
        out.append((RawMessage(frames: odd, receivedAt: 1_700_000_001), nil))
        return out
    }

    static func write(_ messages: [(RawMessage, Train?)], to path: String,
                      options: RawRecordingOptions = RawRecordingOptions()) async throws -> RecordingSummary {
        let writer = try await RecordingWriter.create(directory: path, options: options)
        for (raw, train) in messages { try await writer.append(raw, train: train) }
        return try await writer.close()
    }

    @Test func everyMessageReadsBackBitExact() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        let summary = try await Self.write(messages, to: path)
        #expect(summary.statistics.messages == messages.count)
        #expect(summary.files.count == 1)
        let read = try readAll(path)
        #expect(read.count == messages.count)
        for ((raw, train), back) in zip(messages, read) {
            #expect(back.frames == raw.frames)
            #expect(back.trainID == train?.trainID)
            #expect(abs(back.receivedAt - raw.receivedAt) < 1e-6)
            #expect(back.entry.flags.contains(.undecodable) == (train == nil))
        }
        let reader = try RecordingReader(path: path)
        #expect(reader.segments.allSatisfy { !$0.scanned && $0.ignoredBytes == 0 })
        #expect(reader.verifyAll().isEmpty)
        #expect(reader.descriptionJSON.contains("\"writer\":\"trainspotter\""))
    }

    @Test func segmentsRotateBySizeAndSeekByTrainID() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        let size = messages[0].0.byteCount
        let summary = try await Self.write(messages, to: path, options: RawRecordingOptions(maxFileBytes: 2 * size + 500))
        #expect(summary.files.count >= 3)
        let reader = try RecordingReader(path: path)
        #expect(reader.segments.count == summary.files.count)
        #expect(reader.count == messages.count)
        #expect(reader.segments.map(\.header.number) == Array(0..<summary.files.count))
        let position = try #require(reader.firstIndex(ofTrain: 10_004))
        #expect(try reader.message(at: position).frames == messages[4].0.frames)
        #expect(reader.indices(trains: 10_002...10_003) == [2, 3])
        #expect(reader.firstIndex(ofTrain: 99_999_999) == nil)
    }

    @Test func aMissingIndexIsRebuiltByScanning() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        _ = try await Self.write(messages, to: path)
        let before = try RecordingReader(path: path).entries
        try FileManager.default.removeItem(atPath: path + "/" + RecordFormat.indexName(0))
        let reader = try RecordingReader(path: path)
        #expect(reader.segments[0].scanned)
        #expect(reader.entries == before)
    }

    @Test func aTornTailIsIgnoredAndATornIndexCompleted() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        _ = try await Self.write(messages, to: path)
        let segment = path + "/" + RecordFormat.segmentName(0)
        let index = path + "/" + RecordFormat.indexName(0)
        // A crash in the middle of writing one more record: half a copy of the first record.
        let complete = try Data(contentsOf: URL(fileURLWithPath: segment))
        let reader0 = try RecordingReader(path: path)
        let firstLength = reader0.entries[1].offset - reader0.entries[0].offset
        let torn = complete.subdata(in: reader0.entries[0].offset..<(reader0.entries[0].offset + firstLength / 2))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: segment))
        try handle.seekToEnd()
        try handle.write(contentsOf: torn)
        try handle.close()
        // …and an index cut in the middle of an entry, three records short.
        let indexData = try Data(contentsOf: URL(fileURLWithPath: index))
        try indexData.prefix(indexData.count - 3 * RecordFormat.indexEntrySize - 5).write(to: URL(fileURLWithPath: index))
        let reader = try RecordingReader(path: path)
        #expect(reader.count == messages.count)
        #expect(reader.segments[0].ignoredBytes == torn.count)
        #expect(reader.segments[0].scanned)
        #expect(reader.verifyAll().isEmpty)
        #expect(try reader.message(at: messages.count - 1).frames == messages.last!.0.frames)
    }

    @Test func damagedBytesFailTheChecksum() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        _ = try await Self.write(messages, to: path)
        let reader0 = try RecordingReader(path: path)
        let segment = path + "/" + RecordFormat.segmentName(0)
        var data = try Data(contentsOf: URL(fileURLWithPath: segment))
        let target = reader0.entries[2].offset + 200
        data[target] ^= 0xFF
        try data.write(to: URL(fileURLWithPath: segment))
        let reader = try RecordingReader(path: path)
        #expect(reader.count == messages.count, "the index still lists the record")
        #expect(reader.verifyAll() == [2])
        #expect(throws: RecordingError.self) { try reader.message(at: 2) }
        #expect(try reader.message(at: 2, verify: false).frames.count == messages[2].0.frames.count)
    }

    @Test func aDirectoryWithARecordingIsRefused() async throws {
        let path = try newRecordingPath()
        _ = try await Self.write(Array(Self.messages().prefix(1)), to: path)
        await #expect(throws: RecordingError.self) { _ = try await RecordingWriter.create(directory: path) }
        await #expect(throws: RecordingError.self) { _ = try await RecordingWriter.create(directory: path, options: RawRecordingOptions(maxFileBytes: 0)) }
    }

    /// An independent Python reader written from docs/recording-format.md agrees byte for byte.
    @Test func thePythonReaderFromTheSpecReadsTheSameFrames() async throws {
        let path = try newRecordingPath()
        let messages = Self.messages()
        _ = try await Self.write(messages, to: path, options: RawRecordingOptions(maxFileBytes: 3 * messages[0].0.byteCount))
        let result = try await ChildProcess.python("rec_read.py", [path]).succeed()
        let lines = try jsonLines(result.stdout)
        let records = lines.filter { $0["summary"] == nil }
        #expect(records.count == messages.count)
        for (record, (raw, train)) in zip(records, messages) {
            #expect(record["frames"]?.array?.compactMap(\.string) == hashes(raw.frames))
            #expect(record["train_id"]?.uint64 == train?.trainID)
            #expect(record["received_ns"]?.uint64 == UInt64((raw.receivedAt * 1e9).rounded()))
        }
        let segments = try #require(lines.last?["summary"]?["segments"]?.array)
        #expect(segments.allSatisfy { $0["ignored_bytes"]?.int == 0 })
    }
}
