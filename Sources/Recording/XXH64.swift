/// XXH64 (xxHash, 64-bit variant, https://github.com/Cyan4973/xxHash/blob/dev/doc/xxhash_spec.md),
/// computed incrementally over any number of byte ranges.
public struct XXH64: Sendable {
    static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87
    static let prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    static let prime3: UInt64 = 0x1656_67B1_9E37_79F9
    static let prime4: UInt64 = 0x85EB_CA77_C2B2_AE63
    static let prime5: UInt64 = 0x27D4_EB2F_1656_67C5

    private var v1: UInt64, v2: UInt64, v3: UInt64, v4: UInt64
    private let seed: UInt64
    private var total: UInt64 = 0
    /// Up to 31 bytes not yet consumed as a 32-byte stripe.
    private var pending: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
    private var pendingCount = 0

    public init(seed: UInt64 = 0) {
        self.seed = seed
        v1 = seed &+ XXH64.prime1 &+ XXH64.prime2
        v2 = seed &+ XXH64.prime2
        v3 = seed
        v4 = seed &- XXH64.prime1
    }

    @inline(__always) static func rotl(_ x: UInt64, _ r: UInt64) -> UInt64 { (x << r) | (x >> (64 - r)) }

    @inline(__always) static func round(_ acc: UInt64, _ input: UInt64) -> UInt64 {
        rotl(acc &+ input &* prime2, 31) &* prime1
    }

    @inline(__always) static func merge(_ acc: UInt64, _ value: UInt64) -> UInt64 {
        (acc ^ round(0, value)) &* prime1 &+ prime4
    }

    /// Feeds `bytes`.
    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var p = bytes.baseAddress, bytes.count > 0 else { return }
        var remaining = bytes.count
        total &+= UInt64(remaining)
        if pendingCount > 0 {
            let take = min(32 - pendingCount, remaining)
            withUnsafeMutableBytes(of: &pending) { buf in
                buf.baseAddress!.advanced(by: pendingCount).copyMemory(from: p, byteCount: take)
            }
            pendingCount += take
            p += take
            remaining -= take
            if pendingCount < 32 { return }
            let stripe = pending
            v1 = XXH64.round(v1, UInt64(littleEndian: stripe.0))
            v2 = XXH64.round(v2, UInt64(littleEndian: stripe.1))
            v3 = XXH64.round(v3, UInt64(littleEndian: stripe.2))
            v4 = XXH64.round(v4, UInt64(littleEndian: stripe.3))
            pendingCount = 0
        }
        if remaining >= 32 {
            var a = v1, b = v2, c = v3, d = v4
            let stripes = remaining / 32
            for _ in 0..<stripes {
                a = XXH64.round(a, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                b = XXH64.round(b, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
                c = XXH64.round(c, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 16, as: UInt64.self)))
                d = XXH64.round(d, UInt64(littleEndian: p.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
                p += 32
            }
            v1 = a; v2 = b; v3 = c; v4 = d
            remaining -= stripes * 32
        }
        if remaining > 0 {
            withUnsafeMutableBytes(of: &pending) { buf in buf.baseAddress!.copyMemory(from: p, byteCount: remaining) }
            pendingCount = remaining
        }
    }

    /// Feeds the bytes of `array`.
    public mutating func update(_ array: [UInt8]) {
        array.withUnsafeBytes { update($0) }
    }

    /// The hash of everything fed so far (the state is not changed).
    public func digest() -> UInt64 {
        var h: UInt64
        if total >= 32 {
            h = XXH64.rotl(v1, 1) &+ XXH64.rotl(v2, 7) &+ XXH64.rotl(v3, 12) &+ XXH64.rotl(v4, 18)
            h = XXH64.merge(h, v1)
            h = XXH64.merge(h, v2)
            h = XXH64.merge(h, v3)
            h = XXH64.merge(h, v4)
        } else {
            h = seed &+ XXH64.prime5
        }
        h &+= total
        var tail = pending
        let count = pendingCount
        withUnsafeBytes(of: &tail) { buf in
            var p = buf.baseAddress!
            var left = count
            while left >= 8 {
                h ^= XXH64.round(0, UInt64(littleEndian: p.loadUnaligned(as: UInt64.self)))
                h = XXH64.rotl(h, 27) &* XXH64.prime1 &+ XXH64.prime4
                p += 8; left -= 8
            }
            if left >= 4 {
                h ^= UInt64(UInt32(littleEndian: p.loadUnaligned(as: UInt32.self))) &* XXH64.prime1
                h = XXH64.rotl(h, 23) &* XXH64.prime2 &+ XXH64.prime3
                p += 4; left -= 4
            }
            while left > 0 {
                h ^= UInt64(p.load(as: UInt8.self)) &* XXH64.prime5
                h = XXH64.rotl(h, 11) &* XXH64.prime1
                p += 1; left -= 1
            }
        }
        h ^= h >> 33
        h &*= XXH64.prime2
        h ^= h >> 29
        h &*= XXH64.prime3
        h ^= h >> 32
        return h
    }

    /// The hash of `bytes` in one call.
    public static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt64 = 0) -> UInt64 {
        var state = XXH64(seed: seed)
        state.update(bytes)
        return state.digest()
    }
}
