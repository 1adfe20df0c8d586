import ByteSlices
import MessagePack
import Testing

/// Exact bytes, checked against what Python's `msgpack.packb(x, use_bin_type=True)` gives.
@Suite struct MessagePackEncodingTests {
    @Test func mapOfOneInt() {
        #expect(packed(.map([MessagePackPair(.string("a"), .uint(1))])) == hexBytes("81 a1 61 01"))
        #expect(packed { $0.beginMap(count: 1); $0.pack("a"); $0.pack(1) } == hexBytes("81 a1 61 01"))
    }

    @Test func integersUseSmallestEncoding() {
        let cases: [(MessagePackValue, String)] = [
            (.uint(0), "00"), (.uint(127), "7f"), (.uint(128), "cc 80"), (.uint(255), "cc ff"),
            (.uint(256), "cd 01 00"), (.uint(65535), "cd ff ff"), (.uint(65536), "ce 00 01 00 00"),
            (.uint(10_000_000_000), "cf 00 00 00 02 54 0b e4 00"),
            (.uint(UInt64.max), "cf ff ff ff ff ff ff ff ff"),
            (.uint((1 << 63) + 5), "cf 80 00 00 00 00 00 00 05"),
            (.int(-1), "ff"), (.int(-7), "f9"), (.int(-32), "e0"), (.int(-33), "d0 df"),
            (.int(-128), "d0 80"), (.int(-129), "d1 ff 7f"), (.int(-32769), "d2 ff ff 7f ff"),
            (.int(-2_147_483_649), "d3 ff ff ff ff 7f ff ff ff"),
            (.int(Int64.min), "d3 80 00 00 00 00 00 00 00"),
            // A non-negative .int is written like Python writes a non-negative int.
            (.int(5), "05"), (.int(200), "cc c8"), (.int(10_000_000_000), "cf 00 00 00 02 54 0b e4 00"),
        ]
        for (value, hex) in cases {
            #expect(packed(value) == hexBytes(hex), "\(value)")
        }
        #expect(packed { $0.pack(Int64(-7)) } == hexBytes("f9"))
        #expect(packed { $0.pack(UInt64(10_000_000_000)) } == hexBytes("cf 00 00 00 02 54 0b e4 00"))
    }

    @Test func floats() {
        #expect(packed(.float64(1234.5)) == hexBytes("cb 40 93 4a 00 00 00 00 00"))
        #expect(packed { $0.pack(1234.5) } == hexBytes("cb 40 93 4a 00 00 00 00 00"))
        #expect(packed(.float32(0.25)) == hexBytes("ca 3e 80 00 00"))
        #expect(packed { $0.pack(Float(0.25)) } == hexBytes("ca 3e 80 00 00"))
    }

    @Test func simpleValues() {
        #expect(packed(.nil) == [0xc0])
        #expect(packed(.bool(true)) == [0xc3])
        #expect(packed(.bool(false)) == [0xc2])
        #expect(packed(.array([])) == [0x90])
        #expect(packed(.map([])) == [0x80])
    }

    @Test func strings() {
        #expect(packed(.string("µ")) == hexBytes("a2 c2 b5"))
        #expect(packed(.string("")) == [0xa0])
        #expect(packed(.string("XGM µJ")) == hexBytes("a7 58 47 4d 20 c2 b5 4a"))
        let s31 = String(repeating: "x", count: 31)
        #expect(packed(.string(s31)).prefix(1) == [0xbf])
        #expect(packed(.string(String(repeating: "x", count: 32))).prefix(2) == [0xd9, 0x20])
        #expect(packed(.string(String(repeating: "x", count: 256))).prefix(3) == [0xda, 0x01, 0x00])
        #expect(packed(.string(String(repeating: "x", count: 65536))).prefix(5) == [0xdb, 0x00, 0x01, 0x00, 0x00])
    }

    @Test func binaries() {
        #expect(packed(.binary(ByteSlice(copying: [0x00, 0x01, 0xff]))) == hexBytes("c4 03 00 01 ff"))
        #expect(packed(.binary(ByteSlice.empty)) == hexBytes("c4 00"))
        #expect(packed(.binary(ByteSlice(copying: [UInt8](repeating: 7, count: 256)))).prefix(3) == [0xc5, 0x01, 0x00])
        let big = packed(.binary(ByteSlice(copying: [UInt8](repeating: 7, count: 65536))))
        #expect(big.prefix(5) == [0xc6, 0x00, 0x01, 0x00, 0x00])
        #expect(big.count == 65541)
        let raw: [UInt8] = [1, 2, 3]
        #expect(packed { w in raw.withUnsafeBytes { w.packBinary($0) } } == hexBytes("c4 03 01 02 03"))
    }

    @Test func containerHeaders() {
        #expect(packed(.array(Array(repeating: .nil, count: 15))).prefix(1) == [0x9f])
        #expect(packed(.array(Array(repeating: .nil, count: 16))).prefix(3) == [0xdc, 0x00, 0x10])
        #expect(packed(.array(Array(repeating: .nil, count: 65536))).prefix(5) == [0xdd, 0x00, 0x01, 0x00, 0x00])
        let pairs = (0..<16).map { MessagePackPair(.uint(UInt64($0)), .nil) }
        #expect(packed(.map(pairs)).prefix(3) == [0xde, 0x00, 0x10])
        #expect(packed { $0.beginMap(count: 65536) } == [0xdf, 0x00, 0x01, 0x00, 0x00])
    }

    @Test func extensions() {
        #expect(packed(.ext(type: 5, data: ByteSlice(copying: [0xaa]))) == hexBytes("d4 05 aa"))
        #expect(packed(.ext(type: -1, data: ByteSlice(copying: [1, 2, 3]))) == hexBytes("c7 03 ff 01 02 03"))
    }

    @Test func writerCountFinishAndReuse() {
        let writer = MessagePackWriter()
        #expect(writer.count == 0)
        #expect(writer.finish().count == 0)
        writer.pack("a")
        #expect(writer.count == 2)
        let first = writer.finish()
        #expect(writer.count == 0)
        writer.pack(UInt64(1))
        let second = writer.finish()
        #expect(first.bytes == [0xa1, 0x61])
        #expect(second.bytes == [0x01])
    }
}
