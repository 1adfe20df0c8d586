import HDF5
import Testing

@Suite("Errors")
struct ErrorTests {
    @Test func openingAMissingFileNamesIt() throws {
        let path = try Files.newPath("missing")
        let error = #expect(throws: HDF5Error.self) { try HDF5File.open(path) }
        #expect(error?.operation == "open file")
        #expect(error?.path == path)
        #expect(error?.description.contains(path) == true)
        #expect(error?.reason.isEmpty == false)
        #expect(error?.reason.contains("No such file") == true)
    }

    @Test func openingMissingObjectsNamesTheirPaths() throws {
        let file = try HDF5File.create(try Files.newPath())
        let index = try file.root.createGroup("INDEX")
        let dataset = #expect(throws: HDF5Error.self) { try index.openDataset("trainId") }
        #expect(dataset?.operation == "open dataset")
        #expect(dataset?.path == "/INDEX/trainId")
        #expect(dataset?.description.contains("/INDEX/trainId") == true)
        #expect(dataset?.reason.contains("trainId") == true)
        let group = #expect(throws: HDF5Error.self) { try file.root.openGroup("INSTRUMENT/nothing") }
        #expect(group?.path == "/INSTRUMENT/nothing")
        #expect(throws: HDF5Error.self) { try file.root.createGroup("INDEX") }
        // A group is not a dataset.
        #expect(throws: HDF5Error.self) { try file.root.openDataset("INDEX") }
        // The library's error state does not leak into later calls.
        #expect(try file.root.createGroup("INDEX/ok").path == "/INDEX/ok")
    }

    @Test func wrongByteCountsAreRejected() throws {
        let file = try HDF5File.create(try Files.newPath())
        let data = try file.root.createDataset("d", type: .float32, shape: [3, 4])
        let short = [UInt8](repeating: 0, count: 3 * 4 * 4 - 1)
        let error = #expect(throws: HDF5Error.self) { try short.withUnsafeBytes { try data.write($0) } }
        #expect(error?.path == "/d")
        #expect(error?.operation == "write dataset")
        let long = [UInt8](repeating: 0, count: 3 * 4 * 4 + 4)
        #expect(throws: HDF5Error.self) { try long.withUnsafeBytes { try data.write($0) } }
        #expect(throws: HDF5Error.self) {
            try long.withUnsafeBytes { try data.write($0, start: [0, 0], count: [2, 4]) }
        }
        #expect(throws: HDF5Error.self) { try data.write([1, 2, 3] as [Float]) }
        // Hyperslabs must lie inside the dataset and match its rank.
        let row = [Float](repeating: 1, count: 4)
        #expect(throws: HDF5Error.self) { try data.write(row, start: [3, 0], count: [1, 4]) }
        #expect(throws: HDF5Error.self) { try data.write(row, start: [0, 1], count: [1, 4]) }
        #expect(throws: HDF5Error.self) { try data.write(row, start: [0], count: [4]) }
        #expect(throws: HDF5Error.self) { try data.readHyperslab(start: [-1, 0], count: [1, 4]) }
        // Nothing was written by the rejected calls.
        #expect(try data.read(as: Float.self) == [Float](repeating: 0, count: 12))
    }
}
