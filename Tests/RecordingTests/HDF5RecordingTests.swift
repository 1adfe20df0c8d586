import BridgeSockets
import ByteSlices
import Foundation
import HDF5
import KaraboBridge
import Recording
import TestSupport
import Testing

/// EuXFEL-layout HDF5 output, read back by extra_data, h5py, h5dump and our own reader.
@Suite(.timeLimit(.minutes(3))) struct HDF5RecordingTests {
    /// Trains with the samples' values plus a big-endian array, a nested map, values the
    /// layout cannot hold, and a source present in only some trains.
    static func trains() -> [Train] {
        (0..<5).map { i -> Train in
            let id = 100 + UInt64(i)
            var train = Samples.train(id)
            let det = "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
            let bigEndian = try! NDArray(dtype: DType(parsing: ">u2"), shape: [3], data: ByteSlice(copying: [0, 1, 0, 2, 1, 0]))
            train.sources[det]!.data["image.swapped"] = .array(bigEndian)
            let ctl = "SA1_XTD2_XGM/XGM/DOOCS"
            train.sources[ctl]!.data["nested"] = .map(["a": .int(Int64(i)), "b": .map(["c": .double(2.5)])])
            train.sources[ctl]!.data["nothing"] = Value.none
            train.sources[ctl]!.data["names"] = .list([.string("x"), .string("y")])
            if i % 2 == 1 {
                let xgm = "SPB_XTD9_XGM/DOOCS/MAIN:output"
                var source = SourceData(name: xgm, metadata: Metadata(source: xgm, trainID: id, timestamp: 1_700_000_000))
                source.data["data.intensityTD"] = .array(Samples.array(.float32, [10], seed: id))
                train.sources[xgm] = source
            }
            return train
        }
    }

    /// Records trains as they arrive from the wire: decoded from their frames (arrays are views of them).
    static func record(_ trains: [Train], to path: String,
                       options: HDF5RecordingOptions = HDF5RecordingOptions()) async throws -> RecordingSummary {
        let writer = try await HDF5RecordingWriter.create(directory: path, options: options)
        for train in trains {
            let frames = Samples.frames(train)
            try await writer.append(RawMessage(frames: frames, receivedAt: 1_700_000_000), train: try BridgeDecoder().decode(frames))
        }
        return try await writer.close()
    }

    @Test func extraDataAndH5pyReadWhatWasReceived() async throws {
        let path = try newRecordingPath("h5")
        let trains = Self.trains()
        let summary = try await Self.record(trains, to: path)
        #expect(summary.files.count == 1)
        #expect(summary.files[0].hasSuffix("RAW-R0000-TRAINSPOTTER-S00000.h5"))
        #expect(summary.statistics.messages == 5)
        #expect(summary.statistics.skippedValues == 10, "None and the list of strings, in 5 trains")
        let check = try await ExtraDataCheck.of(path)
        #expect(check.trainIDs == [100, 101, 102, 103, 104])
        #expect(check.section("SPB_DET_AGIPD1M-1/DET/0CH0:xtdf") == "INSTRUMENT")
        #expect(check.section("SA1_XTD2_XGM/XGM/DOOCS") == "CONTROL")
        #expect(check.keys("SA1_XTD2_XGM/XGM/DOOCS").contains("nested.b.c.value"))
        let diffs = check.differences(from: trains)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
        // The sparse source: two trains only, and extra_data knows which.
        let sparse = try #require(check.report["arrays"]?["SPB_XTD9_XGM/DOOCS/MAIN:output|data.intensityTD"])
        #expect(sparse["shape"]?.array?.compactMap(\.int) == [2, 10])
        #expect(sparse["train_ids"]?.array?.compactMap(\.uint64) == [101, 103])
        #expect(check.report["h5py"]?["format_versions"]?.array?.compactMap(\.string) == ["1.0"])
        let dump = try await run("/usr/bin/h5dump", ["-d", "/INDEX/trainId", summary.files[0]])
        #expect(dump.status == 0)
        #expect(dump.stdout.contains("100, 101, 102, 103, 104"))
        #expect(try await run("/usr/bin/h5dump", ["-H", summary.files[0]]).status == 0)
    }

    @Test func detectorArraysAreWrittenOneTrainPerChunk() async throws {
        let path = try newRecordingPath("h5")
        let big = (0..<3).map { i -> Train in
            let name = "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
            var source = SourceData(name: name, metadata: Metadata(source: name, trainID: 7 + UInt64(i), timestamp: nil))
            source.data["image.data"] = .array(Samples.array(.uint16, [8, 128, 512], seed: UInt64(i)))
            return Train(sources: [source])
        }
        let summary = try await Self.record(big, to: path)
        let file = try HDF5File.open(summary.files[0])
        defer { file.close() }
        let data = try file.root.openDataset("INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf/image/data")
        #expect(data.chunkShape == [1, 8, 128, 512])
        #expect(try data.shape == [3, 8, 128, 512])
        #expect(try data.attributes.string("bridgeKey") == "image.data")
        let second = try data.readHyperslab(start: [1, 0, 0, 0], count: [1, 8, 128, 512])
        #expect(second == big[1]["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf", "image.data"]?.array?.contiguousData.bytes)
        #expect(try file.root.openDataset("INDEX/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf/image/count").read(as: UInt64.self) == [1, 1, 1])
        #expect(try file.root.openDataset("METADATA/dataSources/dataSourceId").readStrings()
                == ["INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf/image"])
    }

    /// A row larger than 32 MiB is split along its own first axis: 17 chunks of one 2 MiB
    /// "module" each, written straight from the frame.
    @Test func largeRowsAreSplitIntoModuleChunks() async throws {
        let name = "SPB_DET_AGIPD1M-1/DET/APPEND:xtdf"
        let trains = (0..<2).map { i -> Train in
            let storage = HeapBytes(count: 17 << 21) { (buffer: UnsafeMutableRawBufferPointer) in
                buffer.initializeMemory(as: UInt8.self, repeating: UInt8(i))
                for module in 0..<17 { buffer[module << 21] = UInt8(module) }
            }
            var source = SourceData(name: name, metadata: Metadata(source: name, trainID: 40 + UInt64(i), timestamp: nil))
            source.data["image.data"] = .array(try! NDArray(dtype: .uint16, shape: [17, 1024, 1024], data: ByteSlice(storage)))
            return Train(sources: [source])
        }
        let path = try newRecordingPath("h5")
        let summary = try await Self.record(trains, to: path)
        let file = try HDF5File.open(summary.files[0])
        defer { file.close() }
        let data = try file.root.openDataset("INSTRUMENT/" + name + "/image/data")
        #expect(data.chunkShape == [1, 1, 1024, 1024])
        let module = try data.readHyperslab(start: [1, 16, 0, 0], count: [1, 1, 1024, 1024])
        #expect(module == trains[1][name, "image.data"]?.array?.selecting(axis: 0, index: 16)?.contiguousData.bytes)
        #expect(module.first == 16 && module.last == 1)
    }

    @Test func aChangedLayoutOrTheSizeLimitStartsANewSequenceFile() async throws {
        var trains = Self.trains()
        // Train 102 brings 3 pulses instead of 2: its arrays change shape (and back again in 103).
        let det = "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf"
        let three = Samples.train(102, pulses: 3)
        for key in ["image.data", "image.pulseId", "image.mask"] { trains[2].sources[det]!.data[key] = three[det, key] }
        let path = try newRecordingPath("h5")
        let summary = try await Self.record(trains, to: path)
        #expect(summary.files.count == 3)
        let check = try await ExtraDataCheck.of(path)
        #expect(check.trainIDs == [100, 101, 102, 103, 104])
        #expect(check.differences(from: trains).isEmpty)

        // A key that appears: a new file too. extra_data's run-wide train iterator assumes a
        // source has the same keys in every file, so such files are read one by one.
        var extra = Self.trains()
        extra[3].sources[det]!.data["image.extra"] = .int(1)
        let changed = try newRecordingPath("h5")
        let files = try await Self.record(extra, to: changed).files
        #expect(files.count == 3)
        var seen: [UInt64] = []
        for file in files {
            let check = try await ExtraDataCheck.of(file)
            seen += check.trainIDs
            #expect(check.differences(from: extra.filter { check.trainIDs.contains($0.trainID!) }).isEmpty)
        }
        #expect(seen == [100, 101, 102, 103, 104])

        let small = try newRecordingPath("h5")
        let limited = try await Self.record(Self.trains(), to: small, options: HDF5RecordingOptions(maxFileBytes: 100, runNumber: 7))
        #expect(limited.files.count == 5)
        #expect(limited.files.last!.hasSuffix("RAW-R0007-TRAINSPOTTER-S00004.h5"))
        let check2 = try await ExtraDataCheck.of(small)
        #expect(check2.trainIDs == [100, 101, 102, 103, 104])
        #expect(check2.differences(from: Self.trains()).isEmpty)
    }

    /// `record --format hdf5` on a live stream, and `convert` of a raw recording of the Python
    /// simulator: extra_data returns the arrays and train IDs that were received.
    @Test func recordAndConvertFromTheCommandLine() async throws {
        let server = try await BridgeServer.start(BridgeServerConfiguration(endpoint: "tcp://127.0.0.1:0", pattern: .push))
        defer { server.close() }
        let trains = Self.trains()
        let path = try newRecordingPath("h5")
        let recorder = try ChildProcess.trainspotter(["record", server.endpoint, "-z", "PUSH", "--out", path, "--format", "hdf5",
                                                      "--ntrains", "5", "--quiet"])
        for train in trains { await server.send(train) }
        let output = try await recorder.succeed()
        #expect(output.stdout.contains("recorded 5 trains"))
        #expect(try await ExtraDataCheck.of(path).differences(from: trains).isEmpty)

        let port = TestEnvironment.freePort()
        let sim = try ChildProcess.python("kb_sim.py", ["\(port)", "-z", "PUSH", "-n", "2", "--pulses", "2", "-g", "random"])
        try await sim.waitForOutput("SIM READY")
        let raw = try newRecordingPath()
        try await ChildProcess.trainspotter(["record", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--out", raw,
                                             "--ntrains", "3", "--quiet"]).succeed()
        sim.signal(SIGKILL)
        let converted = try newRecordingPath("h5")
        let conversion = try await ChildProcess.trainspotter(["convert", raw, "--to", "hdf5", "--out", converted, "--quiet"]).succeed()
        #expect(conversion.stdout.contains("wrote 3 trains"))
        let received = try readAll(raw).map { try BridgeDecoder().decode($0.frames) }
        let check = try await ExtraDataCheck.of(converted)
        #expect(check.trainIDs == received.compactMap(\.trainID))
        let diffs = check.differences(from: received)
        #expect(diffs.isEmpty, "\(diffs.joined(separator: "\n"))")
    }
}
