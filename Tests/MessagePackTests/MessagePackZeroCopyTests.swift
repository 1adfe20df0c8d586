import ByteSlices
import MessagePack
import Testing

@Suite struct MessagePackZeroCopyTests {
    @Test func binaryIsASliceOfTheInput() throws {
        // {"k": b"\x00\x01\xff", "e": ext(1, b"\xaa\xbb")}
        let input = hexSlice("82 a1 6b c4 03 00 01 ff a1 65 d5 01 aa bb")
        let value = try MessagePackDecoder().decode(input)
        let binary = try #require(value["k"]?.binaryValue)
        #expect(binary.storage === input.storage)
        #expect(binary.offset == 5)
        #expect(binary.count == 3)
        #expect(binary.bytes == [0x00, 0x01, 0xff])
        guard case .ext(let type, let data)? = value["e"] else { Issue.record("no ext"); return }
        #expect(type == 1)
        #expect(data.storage === input.storage)
        #expect(data.offset == 12)
        #expect(data.bytes == [0xaa, 0xbb])
    }

    @Test func offsetsAreRelativeToTheStorageWhenTheInputIsASubSlice() throws {
        let whole = hexSlice("ff ff ff 92 c4 02 10 20 c4 00 ee")
        let input = try #require(whole.slice(offset: 3, count: 7))
        let value = try MessagePackDecoder().decode(input)
        let first = try #require(value.arrayValue?[0].binaryValue)
        #expect(first.storage === whole.storage)
        #expect(first.offset == 6)
        #expect(first.bytes == [0x10, 0x20])
        let empty = try #require(value.arrayValue?[1].binaryValue)
        #expect(empty.count == 0)
        #expect(empty.storage === whole.storage)
    }

    @Test func decodedValuesOutliveTheCallersReference() throws {
        var input: ByteSlice? = hexSlice("c4 04 de ad be ef")
        let value = try MessagePackDecoder().decode(input!)
        input = nil
        #expect(value.binaryValue?.bytes == [0xde, 0xad, 0xbe, 0xef])
    }
}
