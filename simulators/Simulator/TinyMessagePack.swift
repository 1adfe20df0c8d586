import ByteSlices

/// A minimal msgpack writer for the few hand-made frames of ``Corruption``.
struct TinyMessagePack {
    private(set) var bytes: [UInt8] = []

    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        if utf8.count < 32 { bytes.append(0xA0 | UInt8(utf8.count)) }
        else { bytes += [0xDA, UInt8(utf8.count >> 8), UInt8(utf8.count & 0xFF)] }
        bytes += utf8
    }

    mutating func binary(_ b: [UInt8]) {
        bytes += [0xC4, UInt8(b.count)]
        bytes += b
    }

    mutating func uint(_ v: UInt64) {
        bytes.append(0xCF)
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8((v >> UInt64(shift)) & 0xFF)) }
    }

    mutating func bool(_ b: Bool) { bytes.append(b ? 0xC3 : 0xC2) }
    mutating func map(_ count: Int) { bytes.append(0x80 | UInt8(count)) }
    mutating func array(_ count: Int) { bytes.append(0x90 | UInt8(count)) }

    var slice: ByteSlice { ByteSlice(copying: bytes) }
}
