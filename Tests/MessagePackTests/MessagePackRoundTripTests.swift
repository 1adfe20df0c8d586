import ByteSlices
import MessagePack
import Testing

@Suite struct MessagePackRoundTripTests {
    let decoder = MessagePackDecoder()

    func roundTrip(_ value: MessagePackValue) throws -> MessagePackValue {
        let writer = MessagePackWriter()
        writer.pack(value)
        return try decoder.decode(writer.finish())
    }

    @Test(arguments: [
        MessagePackValue.nil, .bool(true), .bool(false),
        .uint(0), .uint(1), .uint(127), .uint(128), .uint(65535), .uint(4_294_967_296),
        .uint(UInt64.max), .uint((1 << 63) + 5), .uint(10_000_000_000),
        .int(-1), .int(-32), .int(-33), .int(-129), .int(-40_000), .int(-(1 << 40)), .int(Int64.min),
        .float32(0.25), .float32(-1.5e30), .float64(1234.5), .float64(-0.0), .float64(Double.greatestFiniteMagnitude),
        .string(""), .string("µ"), .string("XGM µJ"), .string(String(repeating: "é", count: 300)),
        .binary(ByteSlice(copying: [0x00, 0x01, 0xff])), .binary(ByteSlice.empty),
        .array([]), .map([]), .ext(type: 7, data: ByteSlice(copying: [1, 2, 3, 4])),
    ])
    func scalarRoundTrip(value: MessagePackValue) throws {
        #expect(try roundTrip(value) == value)
    }

    @Test func floatWidthIsKept() throws {
        #expect(try roundTrip(.float32(0.1)) == .float32(0.1))
        #expect(try roundTrip(.float64(0.1)) == .float64(0.1))
        #expect(try roundTrip(.float32(0.1)) != .float64(Double(Float(0.1))))
    }

    @Test func nonNegativeIntDecodesAsUInt() throws {
        // msgpack-c reports every non-negative integer as POSITIVE_INTEGER.
        #expect(try roundTrip(.int(5)) == .uint(5))
        #expect(try decoder.decode(hexSlice("d0 05")) == .uint(5))
        #expect(try decoder.decode(hexSlice("d3 00 00 00 00 00 00 00 2a")) == .uint(42))
        #expect(try decoder.decode(hexSlice("d0 fb")) == .int(-5))
    }

    @Test func nestedMapsWithBinKeys() throws {
        let value = MessagePackValue.map([
            MessagePackPair(.string("source"), .string("SA1_XTD2_XGM/XGM/DOOCS")),
            MessagePackPair(.binary(ByteSlice(utf8: "nd")), .bool(true)),
            MessagePackPair(.string("nested"), .map([
                MessagePackPair(.string("a"), .uint(1)),
                MessagePackPair(.string("b"), .map([MessagePackPair(.string("c"), .string("d"))])),
                MessagePackPair(.uint(3), .array([.float64(0.5), .float64(1.5), .nil])),
            ])),
            MessagePackPair(.string("empty"), .map([])),
            MessagePackPair(.array([.int(-1)]), .string("array key")),
        ])
        let decoded = try roundTrip(value)
        #expect(decoded == value)
        #expect(decoded["nd"] == .bool(true))
        #expect(decoded["nested"]?["b"]?["c"]?.stringValue == "d")
        #expect(decoded["empty"] == .map([]))
        #expect(try decoder.decode(hexSlice("80")) == .map([]))
    }

    @Test func wireOrderAndDuplicateKeysKept() throws {
        let decoded = try decoder.decode(hexSlice("83 a1 62 01 a1 61 02 a1 62 03"))
        #expect(decoded.mapValue?.map(\.key) == [.string("b"), .string("a"), .string("b")])
        #expect(decoded["b"] == .uint(1))  // first match
    }

    @Test func deepestAllowedNestingRoundTrips() throws {
        var value = MessagePackValue.uint(1)
        for level in 0..<MessagePackDecoder.libraryDepthLimit {
            value = level.isMultiple(of: 2) ? .array([value]) : .map([MessagePackPair(.string("k"), value)])
        }
        #expect(try roundTrip(value) == value)
    }

    @Test func largeMessageRoundTrips() throws {
        let elements = (0..<70_000).map { MessagePackValue.uint(UInt64($0) * 1_000_003) }
        let payload = ByteSlice(copying: (0..<200_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let value = MessagePackValue.array([.array(elements), .binary(payload), .string(String(repeating: "µ", count: 40_000))])
        #expect(try roundTrip(value) == value)
    }
}
