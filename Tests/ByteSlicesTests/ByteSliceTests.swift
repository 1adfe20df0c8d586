import ByteSlices
import Testing

@Suite struct ByteSliceTests {
    @Test func slicingSharesStorage() throws {
        let whole = ByteSlice(copying: Array(0..<100).map(UInt8.init))
        let part = try #require(whole.slice(offset: 10, count: 5))
        #expect(part.storage === whole.storage)
        #expect(Array(part) == [10, 11, 12, 13, 14])
        let inner = try #require(part.slice(offset: 1, count: 2))
        #expect(inner.bytes == [11, 12])
        #expect(inner.offset == 11)
    }

    @Test func outOfRangeSlicesAreRejected() {
        let s = ByteSlice(copying: [1, 2, 3])
        #expect(s.slice(offset: 2, count: 2) == nil)
        #expect(s.slice(offset: -1, count: 1) == nil)
        #expect(s.slice(offset: 3, count: 0) != nil)
        #expect(s.slice(offset: 0, count: Int.max) == nil)
        #expect(ByteSlice(s.storage, offset: 1, count: 3) == nil)
    }

    @Test func equalityIsByContent() {
        #expect(ByteSlice(copying: [1, 2]) == ByteSlice(copying: [1, 2]))
        #expect(ByteSlice(copying: [1, 2]) != ByteSlice(copying: [1, 3]))
        #expect(ByteSlice.empty.count == 0)
        #expect(ByteSlice(utf8: "next").bytes == Array("next".utf8))
    }

    @Test func heapBytesAreAligned() {
        let h = HeapBytes(zeroedCount: 1000)
        #expect(UInt(bitPattern: h.storageBytes.baseAddress!) % 64 == 0)
        #expect(h.storageBytes.allSatisfy { $0 == 0 })
    }
}
