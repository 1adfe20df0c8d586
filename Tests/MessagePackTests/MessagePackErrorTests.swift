import ByteSlices
import Foundation
import MessagePack
import Testing

@Suite struct MessagePackErrorTests {
    @Test func emptyInput() {
        #expect(decodeError([]) == .empty)
        #expect(throws: MessagePackError.empty) { try MessagePackDecoder().decode(ByteSlice.empty) }
    }

    @Test func truncatedScalars() {
        for hex in ["cb 40 93", "cf 00", "cd", "a5 61 62", "d9", "d9 05 61", "c4 05 00 01", "c5 00", "d4 01",
                    "c7 03 01 02", "92 cb 40", "81 a1 61", "dc 00"] {
            #expect(decodeError(hexBytes(hex)) == .truncated, "\(hex)")
        }
    }

    @Test func cutAtEveryLength() throws {
        let value = MessagePackValue.map([
            MessagePackPair(.string("source"), .string("SPB_DET_AGIPD1M-1/DET/0CH0:xtdf")),
            MessagePackPair(.string("numbers"), .array([.uint(10_000_000_000), .int(-7), .float64(1234.5), .float32(0.25)])),
            MessagePackPair(.binary(ByteSlice(utf8: "data")), .binary(ByteSlice(copying: [UInt8](repeating: 9, count: 300)))),
            MessagePackPair(.string("nested"), .map([MessagePackPair(.string("a"), .array([.nil, .bool(true), .map([])]))])),
            MessagePackPair(.string("ext"), .ext(type: 3, data: ByteSlice(copying: [1, 2, 3, 4, 5]))),
        ])
        let bytes = packed(value)
        #expect(try MessagePackDecoder().decode(ByteSlice(copying: bytes)) == value)
        for length in 1..<bytes.count {
            let error = decodeError(Array(bytes.prefix(length)))
            // A cut inside a container whose remaining elements cannot fit is reported as tooLarge.
            #expect(error == .truncated || isTooLarge(error), "cut at \(length): \(String(describing: error))")
        }
        // Cuts inside the 300-byte bin payload are plain truncation.
        let binStart = bytes.firstRange(of: [0xc5, 0x01, 0x2c])!.upperBound
        for length in binStart..<(binStart + 300) {
            #expect(decodeError(Array(bytes.prefix(length))) == .truncated)
        }
    }

    @Test func trailingBytes() {
        #expect(decodeError([0x01, 0x02]) == .trailingBytes(count: 1))
        #expect(decodeError(hexBytes("80 00 00")) == .trailingBytes(count: 2))
        #expect(decodeError(hexBytes("81 a1 61 01 c0")) == .trailingBytes(count: 1))
        // A non-msgpack frame: 'E' is a positive fixint followed by 23 more bytes.
        #expect(decodeError(Array("Error: bad request hello".utf8)) == .trailingBytes(count: 23))
    }

    @Test func invalidTypeByte() {
        #expect(decodeError([0xc1]) == .malformed(offset: 0))
        #expect(decodeError(hexBytes("92 01 c1")) == .malformed(offset: 2))
        #expect(decodeError(hexBytes("81 c1 01")) == .malformed(offset: 1))
    }

    @Test func invalidUTF8() {
        #expect(decodeError(hexBytes("a2 c3 28")) == .invalidUTF8(offset: 1))
        #expect(decodeError(hexBytes("a1 ff")) == .invalidUTF8(offset: 1))
        #expect(decodeError(hexBytes("a3 ed a0 80")) == .invalidUTF8(offset: 1))  // a UTF-16 surrogate
        #expect(decodeError(hexBytes("81 a2 c3 28 01")) == .invalidUTF8(offset: 2))  // as a map key
        #expect(decodeError(hexBytes("91 d9 02 61 80")) == .invalidUTF8(offset: 3))
        // The same bytes as bin are fine.
        #expect(decodeError(hexBytes("c4 02 c3 28")) == nil)
    }

    @Test func hugeDeclaredCountsFailFast() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            for hex in ["dd 7f ff ff ff", "dd ff ff ff ff", "df ff ff ff ff", "df 7f ff ff ff 01",
                        "de ff ff", "dc ff ff 01 02", "91 dd 7f ff ff ff", "82 a1 61 dd 7f ff ff ff"] {
                #expect(isTooLarge(decodeError(hexBytes(hex))), "\(hex)")
            }
            // Each map entry needs two bytes: 2 entries in 3 remaining bytes cannot fit.
            #expect(isTooLarge(decodeError(hexBytes("82 01 02 03"))))
        }
        // Allocating or touching what these declare (GiB to EiB) would take far longer or fail;
        // the bound leaves room for a loaded CI machine.
        #expect(elapsed < .seconds(10))
    }

    @Test func hugeDeclaredLengthsAreTruncation() {
        #expect(decodeError(hexBytes("db ff ff ff ff 61")) == .truncated)
        #expect(decodeError(hexBytes("db 7f ff ff ff")) == .truncated)
        #expect(decodeError(hexBytes("c6 ff ff ff ff 00")) == .truncated)
        #expect(decodeError(hexBytes("c9 ff ff ff ff 01 02")) == .truncated)
        #expect(decodeError(hexBytes("91 c6 00 10 00 00 01")) == .truncated)
    }

    @Test func deepNestingIsRejectedWithoutRecursion() {
        let depth = 10_000
        let maps = Array([[UInt8]](repeating: [0x81, 0xa1, 0x6b], count: depth).joined()) + [0xc0]
        #expect(decodeError(maps) == .tooDeep(limit: 32))
        let arrays = [UInt8](repeating: 0x91, count: depth) + [0xc0]
        #expect(decodeError(arrays) == .tooDeep(limit: 32))
        // Even a huge maxDepth stays at msgpack-c's limit.
        #expect(decodeError(arrays, decoder: MessagePackDecoder(maxDepth: 1_000_000)) == .tooDeep(limit: 32))
    }

    @Test func depthLimitBoundary() throws {
        let limit = MessagePackDecoder.libraryDepthLimit
        #expect(MessagePackDecoder().maxDepth == limit)
        #expect(MessagePackDecoder(maxDepth: 64).effectiveMaxDepth == limit)
        #expect(MessagePackDecoder(maxDepth: 5).effectiveMaxDepth == 5)
        // `limit` nested arrays decode; one more is too deep, even when the innermost is empty.
        #expect(decodeError([UInt8](repeating: 0x91, count: limit) + [0x01]) == nil)
        #expect(decodeError([UInt8](repeating: 0x91, count: limit - 1) + [0x90]) == nil)
        #expect(decodeError([UInt8](repeating: 0x91, count: limit + 1) + [0x01]) == .tooDeep(limit: limit))
        #expect(decodeError([UInt8](repeating: 0x91, count: limit) + [0x90]) == .tooDeep(limit: limit))
        let shallow = MessagePackDecoder(maxDepth: 2)
        #expect(decodeError(hexBytes("91 91 01"), decoder: shallow) == nil)
        #expect(decodeError(hexBytes("91 91 91 01"), decoder: shallow) == .tooDeep(limit: 2))
        #expect(decodeError(hexBytes("90"), decoder: MessagePackDecoder(maxDepth: 0)) == .tooDeep(limit: 0))
        #expect(decodeError(hexBytes("01"), decoder: MessagePackDecoder(maxDepth: 0)) == nil)
    }

    @Test func elementLimit() {
        let decoder = MessagePackDecoder(maxElements: 4)
        #expect(decodeError(hexBytes("94 01 02 03 04"), decoder: decoder) == nil)
        #expect(isTooLarge(decodeError(hexBytes("95 01 02 03 04 05"), decoder: decoder)))
        #expect(isTooLarge(decodeError(hexBytes("93 01 92 02 03 04"), decoder: decoder)))  // summed over the message
        #expect(isTooLarge(decodeError(hexBytes("83 01 02 03 04 05 06"), decoder: decoder)))  // keys and values count
    }

    @Test func descriptionsAreOneLine() {
        let errors: [MessagePackError] = [.empty, .truncated, .malformed(offset: 3), .trailingBytes(count: 2),
                                          .invalidUTF8(offset: 1), .tooDeep(limit: 32), .tooLarge("x"), .outOfMemory]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.contains("\n"))
        }
        #expect(MessagePackError.trailingBytes(count: 2).description.contains("2"))
    }
}
