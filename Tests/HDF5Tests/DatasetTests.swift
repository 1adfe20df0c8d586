import HDF5
import Testing

@Suite("Numeric datasets")
struct DatasetTests {
    /// Every type: a 1-D dataset written whole, and a 3-D one written by hyperslabs
    /// (planes, then an overlapping inner block); read back by us and by h5py.
    @Test func everyTypeWholeAndByHyperslab() async throws {
        let path = try Files.newPath()
        let shape = [4, 5, 6]
        let block = (start: [1, 2, 3], count: [2, 2, 2])
        var expected3D: [HDF5ScalarType: [UInt8]] = [:]
        var expected1D: [HDF5ScalarType: [UInt8]] = [:]
        do {
            let file = try HDF5File.create(path)
            for type in HDF5ScalarType.allCases {
                let flat = try file.root.createDataset("one_d/\(type)", type: type, shape: [100])
                let bytes = Samples.bytes(type, count: 100)
                try bytes.withUnsafeBytes { try flat.write($0) }
                expected1D[type] = bytes

                let cube = try file.root.createDataset("three_d/\(type)", type: type, shape: shape)
                var full = [UInt8](repeating: 0, count: shape.reduce(1, *) * type.size)
                for plane in 0..<shape[0] {
                    let start = [plane, 0, 0], count = [1, shape[1], shape[2]]
                    let bytes = Samples.bytes(type, count: shape[1] * shape[2], seed: plane + 1)
                    try bytes.withUnsafeBytes { try cube.write($0, start: start, count: count) }
                    Samples.place(bytes, into: &full, shape: shape, start: start, count: count, elementSize: type.size)
                }
                let inner = Samples.bytes(type, count: 8, seed: 99)
                try inner.withUnsafeBytes { try cube.write($0, start: block.start, count: block.count) }
                Samples.place(inner, into: &full, shape: shape, start: block.start, count: block.count,
                              elementSize: type.size)
                expected3D[type] = full
                #expect(try cube.readHyperslab(start: block.start, count: block.count) == inner)
            }
        }

        let file = try HDF5File.open(path)
        for type in HDF5ScalarType.allCases {
            let flat = try file.root.openDataset("one_d/\(type)")
            #expect(flat.scalarType == type)
            #expect(try flat.shape == [100])
            #expect(flat.chunkShape == nil)
            #expect(try flat.readBytes() == expected1D[type])
            let cube = try file.root.openDataset("/three_d/\(type)")
            #expect(try cube.shape == shape)
            #expect(try cube.readBytes() == expected3D[type])
            let plane = try cube.readHyperslab(start: [3, 0, 0], count: [1, 5, 6])
            #expect(plane == Array(expected3D[type]![(3 * 30 * type.size)...]))
        }
        file.close()

        let summary = try await H5Summary.of(path)
        for type in HDF5ScalarType.allCases {
            let flat = try #require(summary.datasets["/one_d/\(type)"])
            #expect(flat.dtype == Samples.numpyDtype(type), "\(type)")
            #expect(flat.shape == [100])
            #expect(flat.sha256 == SHA256Hex.hex(expected1D[type]!), "\(type)")
            let cube = try #require(summary.datasets["/three_d/\(type)"])
            #expect(cube.dtype == Samples.numpyDtype(type), "\(type)")
            #expect(cube.shape == shape)
            #expect(cube.sha256 == SHA256Hex.hex(expected3D[type]!), "\(type)")
        }
        #expect(try await Files.h5dumpHeader(path).status == 0)
    }

    @Test func typedValuesConvertBetweenNumericTypes() async throws {
        let path = try Files.newPath()
        do {
            let file = try HDF5File.create(path)
            let doubles = try file.root.createDataset("doubles", values: [0.5, -1.25, 3])
            #expect(doubles.scalarType == .float64)
            #expect(try doubles.read(as: Double.self) == [0.5, -1.25, 3])
            #expect(try doubles.read(as: Float.self) == [0.5, -1.25, 3])

            // Int32 values written into a float64 dataset, read back as Int64.
            let converted = try file.root.createDataset("converted", type: .float64, shape: [2, 3])
            try converted.write([1, 2, 3, 4, 5, 6] as [Int32])
            try converted.write([-7, -8] as [Int32], start: [1, 1], count: [1, 2])
            #expect(try converted.read(as: Int64.self) == [1, 2, 3, 4, -7, -8])
            #expect(try converted.read(as: Int16.self, start: [1, 0], count: [1, 3]) == [4, -7, -8])

            let flags = try file.root.createDataset("flags", values: [true, false, true, true], shape: [2, 2])
            #expect(flags.scalarType == .bool)
            #expect(try flags.read(as: Bool.self) == [true, false, true, true])
            #expect(try flags.readBytes() == [1, 0, 1, 1])

            let scalar = try file.root.createDataset("scalar", type: .uint64, shape: [])
            try scalar.write([UInt64.max])
            #expect(try scalar.shape == [])
            #expect(try scalar.read(as: UInt64.self) == [.max])

            let empty = try file.root.createDataset("empty", type: .int16, shape: [0, 3])
            try empty.write([Int16]())
            #expect(try empty.readBytes() == [])
        }
        let summary = try await H5Summary.of(path)
        #expect(summary.datasets["/converted"]?.dtype == "<f8")
        #expect(summary.datasets["/converted"]?.sha256 == SHA256Hex.hex(Samples.raw([1, 2, 3, 4, -7, -8] as [Double])))
        #expect(summary.datasets["/flags"]?.dtype == "|b1")
        #expect(summary.datasets["/flags"]?.shape == [2, 2])
        #expect(summary.datasets["/scalar"]?.shape == [])
        #expect(summary.datasets["/scalar"]?.sha256 == SHA256Hex.hex(Samples.raw([UInt64.max])))
        #expect(summary.datasets["/empty"]?.shape == [0, 3])
    }
}
