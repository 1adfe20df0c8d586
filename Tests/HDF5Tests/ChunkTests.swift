import HDF5
import Testing

@Suite("Chunked and extendible datasets")
struct ChunkTests {
    /// The recording pattern for detector frames: an unlimited first axis, one frame per
    /// chunk, extend then write each frame straight to the file.
    @Test func directChunkWritesIntoAnExtendibleDataset() async throws {
        let path = try Files.newPath()
        let frame = [128, 64], rows = 5
        var expected: [UInt8] = []
        var lastRow: [UInt8] = []
        do {
            let file = try HDF5File.create(path)
            let data = try file.root.createDataset(
                "INSTRUMENT/DET/image/data", type: .float32, shape: [0] + frame,
                maxShape: [nil, 128, 64], chunk: [1] + frame)
            #expect(data.chunkShape == [1, 128, 64])
            for row in 0..<rows {
                try data.extend(to: [row + 1] + frame)
                let bytes = Samples.bytes(.float32, count: frame.reduce(1, *), seed: row)
                try bytes.withUnsafeBytes { try data.writeChunk($0, chunkOffset: [row, 0, 0]) }
                expected += bytes
                lastRow = bytes
            }
            #expect(try data.shape == [rows] + frame)
            #expect(try data.readBytes() == expected)
            #expect(try data.readHyperslab(start: [rows - 1, 0, 0], count: [1] + frame) == lastRow)
        }
        do {
            let data = try HDF5File.open(path).root.openDataset("INSTRUMENT/DET/image/data")
            #expect(try data.shape == [rows, 128, 64])
            #expect(data.chunkShape == [1, 128, 64])
            #expect(try data.readBytes() == expected)
        }
        let summary = try await H5Summary.of(path)
        let data = try #require(summary.datasets["/INSTRUMENT/DET/image/data"])
        #expect(data.dtype == "<f4")
        #expect(data.shape == [rows, 128, 64])
        #expect(data.maxshape == [nil, 128, 64])
        #expect(data.chunks == [1, 128, 64])
        #expect(data.sha256 == SHA256Hex.hex(expected))
        #expect(try await Files.h5dumpHeader(path).status == 0)
    }

    /// Chunks of several rows: the last chunk reaches past the extent and only its first
    /// row is part of the dataset.
    @Test func directChunkWritesWithAnEdgeChunk() async throws {
        let path = try Files.newPath()
        let chunkElements = 2 * 16 * 16
        let first = Samples.bytes(.uint16, count: chunkElements, seed: 1)
        let second = Samples.bytes(.uint16, count: chunkElements, seed: 2)
        do {
            let file = try HDF5File.create(path)
            let data = try file.root.createDataset("stack", type: .uint16, shape: [3, 16, 16],
                                                   maxShape: [nil, 16, 16], chunk: [2, 16, 16])
            try first.withUnsafeBytes { try data.writeChunk($0, chunkOffset: [0, 0, 0]) }
            try data.writeChunk(second.withUnsafeBytes { Array($0.bindMemory(to: UInt16.self)) }, chunkOffset: [2, 0, 0])
        }
        let expected = first + second.prefix(16 * 16 * 2)
        #expect(try HDF5File.open(path).root.openDataset("stack").readBytes() == expected)
        let summary = try await H5Summary.of(path)
        #expect(summary.datasets["/stack"]?.sha256 == SHA256Hex.hex(expected))
    }

    /// Appending rows through the chunk cache (hyperslab writes), sized for the chunks.
    @Test func hyperslabAppendsWithALargerChunkCache() async throws {
        let path = try Files.newPath()
        var expected: [Double] = []
        do {
            let file = try HDF5File.create(path)
            let data = try file.root.createDataset("CONTROL/motor/value", type: .float64, shape: [0, 1000],
                                                   maxShape: [nil, 1000], chunk: [16, 1000],
                                                   chunkCacheBytes: 8 << 20)
            for row in 0..<40 {
                let values = (0..<1000).map { Double(row * 1000 + $0) / 7 }
                try data.extend(to: [row + 1, 1000])
                try data.write(values, start: [row, 0], count: [1, 1000])
                expected += values
            }
        }
        let data = try HDF5File.open(path).root.openDataset("CONTROL/motor/value", chunkCacheBytes: 4 << 20)
        #expect(try data.read(as: Double.self) == expected)
        let summary = try await H5Summary.of(path)
        #expect(summary.datasets["/CONTROL/motor/value"]?.chunks == [16, 1000])
        #expect(summary.datasets["/CONTROL/motor/value"]?.sha256 == SHA256Hex.hex(Samples.raw(expected)))
    }

    @Test func directChunkWritesAreChecked() throws {
        let path = try Files.newPath()
        let file = try HDF5File.create(path)
        let data = try file.root.createDataset("d", type: .int32, shape: [2, 4, 4], maxShape: [nil, 4, 4],
                                               chunk: [1, 4, 4])
        let chunk = [Int32](repeating: 7, count: 16)
        let misaligned = #expect(throws: HDF5Error.self) { try data.writeChunk(chunk, chunkOffset: [0, 1, 0]) }
        #expect(misaligned?.path == "/d")
        #expect(misaligned?.operation == "write chunk")
        #expect(throws: HDF5Error.self) { try data.writeChunk(chunk, chunkOffset: [2, 0, 0]) }
        #expect(throws: HDF5Error.self) { try data.writeChunk(chunk, chunkOffset: [0, 0]) }
        #expect(throws: HDF5Error.self) { try data.writeChunk(Array(chunk.dropLast()), chunkOffset: [0, 0, 0]) }
        #expect(throws: HDF5Error.self) { try data.writeChunk([Float](repeating: 0, count: 16), chunkOffset: [0, 0, 0]) }
        try data.writeChunk(chunk, chunkOffset: [1, 0, 0])
        #expect(try data.read(as: Int32.self, start: [1, 0, 0], count: [1, 4, 4]) == chunk)

        let contiguous = try file.root.createDataset("c", type: .int32, shape: [4, 4])
        let notChunked = #expect(throws: HDF5Error.self) { try contiguous.writeChunk(chunk, chunkOffset: [0, 0]) }
        #expect(notChunked?.reason.contains("not chunked") == true)

        // An extendible dataset needs a chunk shape; shapes must agree.
        #expect(throws: HDF5Error.self) { try file.root.createDataset("e", type: .int8, shape: [0], maxShape: [nil]) }
        #expect(throws: HDF5Error.self) {
            try file.root.createDataset("f", type: .int8, shape: [1, 2], maxShape: [nil], chunk: [1, 2])
        }
        #expect(throws: HDF5Error.self) { try file.root.createDataset("g", type: .int8, shape: [4], chunk: [0]) }
        #expect(throws: HDF5Error.self) { try data.extend(to: [9, 9, 9]) }
        #expect(throws: HDF5Error.self) { try data.extend(to: [3]) }
    }
}
