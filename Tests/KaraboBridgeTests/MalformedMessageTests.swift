import ByteSlices
import KaraboBridge
import MessagePack
import Testing

/// Packs one msgpack value into a frame.
func frame(_ value: MessagePackValue) -> ByteSlice {
    let w = MessagePackWriter()
    w.pack(value)
    return w.finish()
}

func header(_ fields: [(String, MessagePackValue)]) -> ByteSlice {
    frame(.map(fields.map { MessagePackPair(.string($0.0), $0.1) }))
}

let goodHeader = header([("source", .string("S")), ("content", .string("msgpack")),
                         ("metadata", .map([MessagePackPair(.string("timestamp.tid"), .uint(42))]))])
let emptyMap = frame(.map([]))

func arrayHeader(path: String = "a", dtype: String = "uint16", shape: [MessagePackValue] = [.uint(2)]) -> ByteSlice {
    header([("source", .string("S")), ("content", .string("array")), ("path", .string(path)),
            ("dtype", .string(dtype)), ("shape", .array(shape))])
}

@Suite struct MalformedMessageTests {
    let decoder = BridgeDecoder()

    @Test func noFrames() {
        #expect(throws: BridgeDecodeError.noFrames) { try decoder.decode([]) }
    }

    @Test func oddFrameCount() {
        #expect(throws: BridgeDecodeError.oddFrameCount(3)) { try decoder.decode([goodHeader, emptyMap, goodHeader]) }
    }

    @Test func truncatedHeader() {
        let cut = goodHeader.slice(offset: 0, count: goodHeader.count - 3)!
        #expect(throws: BridgeDecodeError.invalidMessagePack(frame: 0, .truncated)) { try decoder.decode([cut, emptyMap]) }
    }

    @Test func trailingGarbage() {
        let padded = ByteSlice(copying: goodHeader.bytes + [0xc0])
        #expect(throws: BridgeDecodeError.invalidMessagePack(frame: 0, .trailingBytes(count: 1))) {
            try decoder.decode([padded, emptyMap])
        }
    }

    @Test func headerNotMap() {
        #expect(throws: BridgeDecodeError.headerNotMap(frame: 0, got: "array")) { try decoder.decode([frame(.array([])), emptyMap]) }
    }

    @Test func missingAndMistypedFields() {
        let noSource = header([("content", .string("msgpack"))])
        #expect(throws: BridgeDecodeError.missingField(frame: 0, field: "source")) { try decoder.decode([noSource, emptyMap]) }
        let intSource = header([("source", .uint(1)), ("content", .string("msgpack"))])
        #expect(throws: BridgeDecodeError.wrongFieldType(frame: 0, field: "source", expected: "str", got: "uint")) {
            try decoder.decode([intSource, emptyMap])
        }
        let noPath = header([("source", .string("S")), ("content", .string("array")), ("dtype", .string("uint8")), ("shape", .array([]))])
        #expect(throws: BridgeDecodeError.missingField(frame: 2, field: "path")) {
            try decoder.decode([goodHeader, emptyMap, noPath, ByteSlice(copying: [1])])
        }
        let badShape = arrayHeader(shape: [.int(-2)])
        #expect(throws: BridgeDecodeError.self) { try decoder.decode([goodHeader, emptyMap, badShape, .empty]) }
    }

    @Test func payloadNotMap() {
        #expect(throws: BridgeDecodeError.payloadNotMap(frame: 1, source: "S", got: "str")) {
            try decoder.decode([goodHeader, frame(.string("x"))])
        }
    }

    @Test func arraySizeMismatch() throws {
        let error = #expect(throws: BridgeDecodeError.self) {
            try decoder.decode([goodHeader, emptyMap, arrayHeader(), ByteSlice(copying: [1, 2, 3])])
        }
        #expect(error == .badArray(frame: 3, source: "S", key: "a",
                                   reason: "array of uint16 [2] needs 4 bytes but the payload has 3"))
        #expect(error?.description.contains("frame 3") == true)
    }

    @Test func overflowingShapeIsRejected() {
        let huge = arrayHeader(shape: [.uint(1 << 40), .uint(1 << 40)])
        #expect(throws: BridgeDecodeError.badArray(frame: 3, source: "S", key: "a",
                                                   reason: "shape [1099511627776, 1099511627776] overflows the element count")) {
            try decoder.decode([goodHeader, emptyMap, huge, .empty])
        }
        let big = arrayHeader(shape: [.uint(1 << 20), .uint(1 << 20)])
        #expect(throws: BridgeDecodeError.self) { try decoder.decode([goodHeader, emptyMap, big, ByteSlice(copying: [0, 0])]) }
    }

    @Test func arrayBeforeItsSource() {
        #expect(throws: BridgeDecodeError.arrayBeforeSource(frame: 0, source: "S", path: "a")) {
            try decoder.decode([arrayHeader(), ByteSlice(copying: [0, 0, 0, 0]), goodHeader, emptyMap])
        }
    }

    @Test func unknownContent() {
        let pickle = header([("source", .string("S")), ("content", .string("pickle.HIGHEST_PROTOCOL"))])
        #expect(throws: BridgeDecodeError.unknownContent(frame: 0, content: "pickle.HIGHEST_PROTOCOL")) {
            try decoder.decode([pickle, emptyMap])
        }
    }

    @Test func version1NotAMap() {
        #expect(throws: BridgeDecodeError.notSourceMap(frame: 0, reason: "is a msgpack array, not a map")) {
            try decoder.decode([frame(.array([.uint(1)]))])
        }
        #expect(throws: BridgeDecodeError.notSourceMap(frame: 0, reason: "has source 'S' whose value is a uint, not a map")) {
            try decoder.decode([frame(.map([MessagePackPair(.string("S"), .uint(1))]))])
        }
    }

    @Test func notMessagePackSingleFrame() {
        #expect(throws: BridgeDecodeError.self) { try decoder.decode([ByteSlice(copying: [0xc1])]) }
    }

    @Test func goodTrainDecodesAfterBadOnes() throws {
        _ = try? decoder.decode([goodHeader])
        _ = try? decoder.decode([goodHeader, emptyMap, arrayHeader(), ByteSlice(copying: [1])])
        let train = try decoder.decode([goodHeader, emptyMap, arrayHeader(), ByteSlice(copying: [1, 0, 2, 0])])
        #expect(train.trainID == 42)
        #expect(train["S", "a"]?.array?.integers() == [1, 2])
    }
}

@Suite struct ProducerQuirkTests {
    let decoder = BridgeDecoder()

    @Test func unknownDtypeStaysOpaque() throws {
        let train = try decoder.decode([goodHeader, emptyMap, arrayHeader(dtype: "datetime64[ns]"), ByteSlice(copying: [1, 2, 3])])
        let a = try #require(train["S", "a"]?.array)
        #expect(a.dtype.kind == .opaque)
        #expect(a.buffer.bytes == [1, 2, 3])
        let typestr = try decoder.decode([goodHeader, emptyMap, arrayHeader(dtype: ">f4", shape: [.uint(1)]), ByteSlice(copying: [0x3f, 0x80, 0, 0])])
        #expect(typestr["S", "a"]?.array?.doubles() == [1.0])
    }

    @Test func zeroByteArraysAndScalarShapes() throws {
        let train = try decoder.decode([goodHeader, emptyMap,
                                        arrayHeader(path: "empty", dtype: "float32", shape: [.uint(0), .uint(3)]), .empty,
                                        arrayHeader(path: "zeroD", dtype: "uint8", shape: []), ByteSlice(copying: [9])])
        #expect(train["S", "empty"]?.array?.shape == [0, 3])
        #expect(train["S", "zeroD"]?.array?.integers() == [9])
    }

    @Test func integerTimestampPartsAndMissingTimestamp() throws {
        let md = MessagePackValue.map([MessagePackPair(.string("timestamp.sec"), .uint(1_700_000_000)),
                                       MessagePackPair(.string("timestamp.frac"), .uint(500_000_000_000_000_000)),
                                       MessagePackPair(.string("timestamp.tid"), .uint(7))])
        let h = header([("source", .string("S")), ("content", .string("msgpack")), ("metadata", md)])
        let train = try decoder.decode([h, emptyMap])
        #expect(train["S"]?.metadata.timestamp == 1_700_000_000.5)
        let bare = try decoder.decode([goodHeader, emptyMap])
        #expect(bare["S"]?.metadata.timestamp == nil)
        #expect(bare.trainID == 42)
    }

    @Test func version2Point0NestedMetadata() throws {
        let h = header([("source", .string("S")), ("content", .string("msgpack"))])
        let payload = frame(.map([MessagePackPair(.string("metadata"), .map([MessagePackPair(.string("timestamp.tid"), .uint(99))])),
                                  MessagePackPair(.string("x"), .float64(1.5))]))
        let train = try decoder.decode([h, payload])
        #expect(train.trainID == 99)
        #expect(train["S", "x"] == .double(1.5))
    }
}
