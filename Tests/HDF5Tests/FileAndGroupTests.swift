import Foundation
import HDF5
import Testing
import TestSupport

@Suite("Files and groups")
struct FileAndGroupTests {
    @Test func nestedGroupsAreCreatedListedAndSeenByH5py() async throws {
        let path = try Files.newPath()
        do {
            let file = try HDF5File.create(path)
            let root = file.root
            #expect(root.path == "/")
            let det = try root.createGroup("INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf")
            #expect(det.path == "/INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf")
            let index = try root.createGroup("INDEX")
            _ = try index.createGroup("b")
            _ = try index.createGroup("a")
            _ = try det.createGroup("image")
            #expect(try root.memberNames() == ["INDEX", "INSTRUMENT"])
            #expect(try index.memberNames() == ["a", "b"])
            #expect(root.contains("INSTRUMENT/SPB_DET_AGIPD1M-1/DET"))
            #expect(root.contains("/INDEX/a"))
            #expect(det.contains("image"))
            #expect(det.contains("/INDEX/b"))
            #expect(!root.contains("INSTRUMENT/nope/DET"))
            #expect(!root.contains("INDEX/c"))
            #expect(!root.contains(""))
            let reopened = try root.openGroup("INSTRUMENT/SPB_DET_AGIPD1M-1")
            #expect(reopened.path == "/INSTRUMENT/SPB_DET_AGIPD1M-1")
            #expect(try reopened.memberNames() == ["DET"])
            #expect(try reopened.openGroup("DET/0CH0:xtdf").path == det.path)
            try file.flush()
            file.close()
        }
        // Read back with our reader, read-only.
        do {
            let file = try HDF5File.open(path)
            #expect(try file.root.openGroup("INDEX").memberNames() == ["a", "b"])
            #expect(try file.root.openGroup("INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf").memberNames() == ["image"])
        }
        let summary = try await H5Summary.of(path)
        #expect(Set(summary.groups.keys) == [
            "/", "/INDEX", "/INDEX/a", "/INDEX/b", "/INSTRUMENT", "/INSTRUMENT/SPB_DET_AGIPD1M-1",
            "/INSTRUMENT/SPB_DET_AGIPD1M-1/DET", "/INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf",
            "/INSTRUMENT/SPB_DET_AGIPD1M-1/DET/0CH0:xtdf/image",
        ])
        #expect(try await Files.h5dumpHeader(path).status == 0)
    }

    @Test func closingTheFileIsIdempotentAndEndsItsObjects() throws {
        let path = try Files.newPath()
        let file = try HDF5File.create(path)
        let group = try file.root.createGroup("g")
        let dataset = try group.createDataset("d", type: .int32, shape: [4])
        file.close()
        file.close()
        #expect(!file.isOpen)
        let error = #expect(throws: HDF5Error.self) { try group.createGroup("x") }
        #expect(error?.path == "/g/x")
        #expect(error?.reason.contains("closed") == true)
        #expect(throws: HDF5Error.self) { try dataset.readBytes() }
        #expect(throws: HDF5Error.self) { try file.flush() }
        #expect(!group.contains("d"))
        // The file really is closed: it can be opened again, also for writing.
        let again = try HDF5File.open(path, writable: true)
        #expect(try again.root.openDataset("g/d").shape == [4])
    }

    @Test func objectsKeepTheirFileOpen() throws {
        let path = try Files.newPath()
        var dataset: HDF5Dataset?
        do {
            let file = try HDF5File.create(path)
            dataset = try file.root.createDataset("values", values: [1, 2, 3] as [Int16])
        }
        // The file object is gone from this scope, but the dataset still holds it.
        #expect(try dataset?.read(as: Int16.self) == [1, 2, 3])
        dataset = nil
        // Releasing the last object closed the file.
        #expect(try HDF5File.open(path, writable: true).root.contains("values"))
    }

    @Test func aFileBeingWrittenIsLockedAgainstOtherWriters() async throws {
        let path = try Files.newPath()
        let file = try HDF5File.create(path)
        let data = try file.root.createDataset("d", values: [1, 2, 3] as [Int32])
        try file.flush()
        let second = #expect(throws: HDF5Error.self) { try HDF5File.open(path, writable: true) }
        #expect(second?.reason.contains("locked") == true)
        #expect(throws: HDF5Error.self) { try HDF5File.create(path) }
        // A reader in this process shares the open file; closing it leaves the writer working.
        do {
            let reader = try HDF5File.open(path)
            #expect(try reader.root.openDataset("d").read(as: Int32.self) == [1, 2, 3])
            reader.close()
        }
        try data.write([4, 5, 6] as [Int32])
        // Other processes (h5py) cannot open it while it is being written.
        let h5py = try await ChildProcess.python("h5_check.py", [path]).wait()
        #expect(h5py.status != 0)
        file.close()
        #expect(try await H5Summary.of(path).datasets["/d"]?.sha256 == SHA256Hex.hex(Samples.raw([4, 5, 6] as [Int32])))
    }

    @Test func createWithoutTruncateRefusesAnExistingFile() throws {
        let path = try Files.newPath()
        do {
            let file = try HDF5File.create(path, truncate: false)
            _ = try file.root.createGroup("kept")
        }
        let error = #expect(throws: HDF5Error.self) { try HDF5File.create(path, truncate: false) }
        #expect(error?.path == path)
        #expect(try HDF5File.open(path).root.contains("kept"))
        // Truncating replaces it.
        _ = try HDF5File.create(path)
        #expect(!(try HDF5File.open(path).root.contains("kept")))
    }

    @Test func writableOpenAddsToAnExistingFile() async throws {
        let path = try Files.newPath()
        do { _ = try HDF5File.create(path).root.createGroup("first") }
        do {
            let file = try HDF5File.open(path, writable: true)
            _ = try file.root.createDataset("first/more", values: [1.5, 2.5] as [Double])
        }
        do {
            let readOnly = try HDF5File.open(path)
            #expect(throws: HDF5Error.self) { try readOnly.root.createGroup("second") }
        }
        let summary = try await H5Summary.of(path)
        #expect(summary.datasets["/first/more"]?.dtype == "<f8")
    }
}
