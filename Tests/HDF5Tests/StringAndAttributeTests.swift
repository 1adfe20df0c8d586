import HDF5
import TestSupport
import Testing

@Suite("Strings and attributes")
struct StringAndAttributeTests {
    @Test func stringDatasetsAndAttributesRoundTrip() async throws {
        let path = try Files.newPath()
        let names = ["SPB_DET_AGIPD1M-1/DET/0CH0:xtdf", "β-Größe", "", "日本語 ✓"]
        do {
            let file = try HDF5File.create(path)
            let root = file.root
            try root.attributes.set("creator", string: "trainspotter")
            try root.attributes.set("run", int64: 42)
            try root.attributes.set("run", int64: -3)  // replaced
            let sources = try root.createStringDataset("METADATA/dataSources/dataSourceId", values: names)
            try sources.attributes.set("unit", string: "µm")
            try sources.attributes.set("count", int64: Int64(names.count))
            _ = try root.createStringDataset("METADATA/empty", values: [])
            let group = try root.openGroup("METADATA")
            try group.attributes.set("note", string: "first")
            try group.attributes.set("note", string: "second")

            #expect(sources.scalarType == nil)
            #expect(try sources.readStrings() == names)
            #expect(try sources.attributes.string("unit") == "µm")
            #expect(try root.attributes.int64("run") == -3)
            #expect(try group.attributes.string("note") == "second")
        }
        do {
            let file = try HDF5File.open(path)
            #expect(try file.root.attributes.string("creator") == "trainspotter")
            #expect(try file.root.openDataset("METADATA/dataSources/dataSourceId").readStrings() == names)
            #expect(try file.root.openDataset("METADATA/empty").readStrings() == [])
            #expect(try file.root.openDataset("METADATA/dataSources/dataSourceId").attributes.int64("count") == 4)
        }
        let summary = try await H5Summary.of(path)
        #expect(summary.groups["/"]?.attrs == ["creator": .string("trainspotter"), "run": .int(-3)])
        #expect(summary.groups["/METADATA"]?.attrs == ["note": .string("second")])
        let sources = try #require(summary.datasets["/METADATA/dataSources/dataSourceId"])
        #expect(sources.string?.encoding == "utf-8")
        #expect(sources.string?.length == nil)  // variable length
        #expect(sources.strings == names)
        #expect(sources.attrs == ["unit": .string("µm"), "count": .int(4)])
        #expect(summary.datasets["/METADATA/empty"]?.shape == [0])
        #expect(try await Files.h5dumpHeader(path).status == 0)
    }

    /// Files written by h5py: fixed- and variable-length strings, NumPy booleans,
    /// big-endian integers, unsupported types, string attributes.
    @Test func readsWhatH5pyWrites() async throws {
        let path = try Files.newPath("from-h5py")
        try await ChildProcess.python("h5_make.py", [path]).succeed()
        let file = try HDF5File.open(path)
        let root = file.root
        #expect(try root.memberNames() == [
            "be_i32", "bools", "compressed", "f16", "fixed", "fixed_utf8", "g", "scalar_str", "vlen",
        ])
        #expect(try root.openDataset("fixed").readStrings() == ["abc", "de", ""])
        #expect(try root.openDataset("fixed_utf8").readStrings() == ["größe", "x"])
        #expect(try root.openDataset("vlen").readStrings() == ["alpha", "β-beta", ""])
        #expect(try root.openDataset("scalar_str").readStrings() == ["hello"])

        let bools = try root.openDataset("bools")
        #expect(bools.scalarType == .bool)
        #expect(try bools.read(as: Bool.self) == [true, false, true])

        let bigEndian = try root.openDataset("be_i32")
        #expect(bigEndian.scalarType == .int32)
        #expect(try bigEndian.read(as: Int32.self) == [0, 1, 2, 3, 4, 5])
        #expect(try bigEndian.readBytes() == Samples.raw([0, 1, 2, 3, 4, 5] as [Int32]))

        let half = try root.openDataset("f16")
        #expect(half.scalarType == nil)
        #expect(throws: HDF5Error.self) { try half.readBytes() }
        #expect(throws: HDF5Error.self) { try root.openDataset("vlen").readBytes() }
        #expect(throws: HDF5Error.self) { try bools.readStrings() }

        let compressed = try root.openDataset("compressed")
        #expect(compressed.chunkShape == [2, 8])
        #expect(try compressed.read(as: UInt16.self) == (0..<32).map { UInt16($0) })

        #expect(try root.attributes.string("creator") == "h5py")
        #expect(try root.attributes.int64("count") == 7)
        #expect(try root.openGroup("g/h").attributes.string("fixed") == "fixed-ascii")
        #expect(throws: HDF5Error.self) { try root.attributes.string("count") }
        #expect(throws: HDF5Error.self) { try root.attributes.int64("missing") }
    }

    @Test func directChunkWritesRefuseFilteredDatasets() async throws {
        let path = try Files.newPath("from-h5py")
        try await ChildProcess.python("h5_make.py", [path]).succeed()
        let compressed = try HDF5File.open(path, writable: true).root.openDataset("compressed")
        let error = #expect(throws: HDF5Error.self) {
            try compressed.writeChunk([UInt16](repeating: 0, count: 16), chunkOffset: [0, 0])
        }
        #expect(error?.reason.contains("filters") == true)
    }
}
