import ByteSlices
import KaraboBridge
import MessagePack
import Testing

@Suite struct DTypeSpellingTests {
    @Test(arguments: ["uint16", "float32", "bool", "complex64", "<f4", ">u2", "|b1", "|S3", "<U2", "|S0",
                      "datetime64[ns]", "timedelta64[10ms]", "datetime64", "<M8[ns]", ">m8", "|V8", "V16", "|O",
                      "object", "float128", "[('a', '<i4'), ('b', '<f8')]"])
    func numpySpellingsAreAccepted(_ name: String) {
        #expect(DType.isNumpySpelling(name))
    }

    @Test(arguments: ["", "banana", "uint17", "float", "<f3", "u", "|V", "datetime64[]", "datetime64[n s]",
                      "M8[ns", "<q8", "[(", "int 16"])
    func otherSpellingsAreRejected(_ name: String) {
        #expect(!DType.isNumpySpelling(name))
    }

    @Test func zeroSizeElementsAreBoundedByTheBytesReceived() throws {
        let opaque = DType(parsing: "datetime64[ns]")
        #expect(opaque.itemSize == 0)
        let three = ByteSlice(copying: [1, 2, 3])
        #expect(try NDArray(dtype: opaque, shape: [3], data: three).count == 3)
        #expect(try NDArray(dtype: opaque, shape: [], data: .empty).count == 1)
        #expect(throws: ArrayLayoutError.elementsExceedBytes(elements: 4, bytes: 3, dtype: "datetime64[ns]", shape: [4])) {
            try NDArray(dtype: opaque, shape: [4], data: three)
        }
        #expect(throws: ArrayLayoutError.self) { try NDArray(dtype: DType(parsing: "|S0"), shape: [1 << 40], data: .empty) }
    }
}

@Suite struct MessageElementBudgetTests {
    @Test func elementLimitCoversTheWholeMessage() throws {
        // Three sources, each a 4-element header (2 entries) and a 2-element data map: 18 in all.
        func source(_ name: String) -> [ByteSlice] {
            [header([("source", .string(name)), ("content", .string("msgpack"))]),
             frame(.map([MessagePackPair(.string("x"), .uint(1))]))]
        }
        let frames = source("A") + source("B") + source("C")
        let roomy = BridgeDecoder(messagePack: MessagePackDecoder(maxElements: 18))
        #expect(try roomy.decode(frames).sources.count == 3)
        let tight = BridgeDecoder(messagePack: MessagePackDecoder(maxElements: 17))
        let error = #expect(throws: BridgeDecodeError.self) { try tight.decode(frames) }
        #expect(error == .invalidMessagePack(frame: 5, .tooLarge("more than 17 container elements in the frames of one multipart message")))
        // The budget is per message: the next message starts afresh.
        #expect(try tight.decode(source("A")).sources.count == 1)
    }
}
