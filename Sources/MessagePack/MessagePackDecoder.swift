import ByteSlices
import CMsgPack

/// Decodes MessagePack messages from untrusted peers with msgpack-c.
///
/// Every input is first checked by a cheap, non-recursive scan (see ``decode(_:)``), so
/// hostile sizes and nesting are rejected before msgpack-c allocates anything. Decoded
/// bin and ext values are zero-copy slices of the input's storage.
///
/// Depth: a top-level scalar has depth 0, `[]` depth 1, `[[1]]` depth 2. msgpack-c 4.0
/// parses at most ``libraryDepthLimit`` (32) nested containers, so that is the default
/// and the ceiling: a larger ``maxDepth`` is clamped to it (see ``effectiveMaxDepth``).
public struct MessagePackDecoder: Sendable {
    /// The deepest nesting msgpack-c 4.0 can parse (`MSGPACK_EMBED_STACK_SIZE`).
    public static let libraryDepthLimit = 32

    /// The deepest container nesting accepted; values above ``libraryDepthLimit`` act as it.
    public var maxDepth: Int
    /// The most container elements (array elements plus map keys and values, summed over
    /// the whole input) accepted. It bounds the memory an input can make the decoder
    /// use (about 80 bytes per element) independently of how small the elements are.
    public var maxElements: Int

    /// A decoder accepting nesting up to `maxDepth` (clamped to ``libraryDepthLimit``)
    /// and at most `maxElements` container elements per message (default 4 Mi).
    public init(maxDepth: Int = MessagePackDecoder.libraryDepthLimit, maxElements: Int = 1 << 22) {
        self.maxDepth = maxDepth
        self.maxElements = maxElements
    }

    /// The nesting limit actually enforced: `maxDepth` clamped to `0...libraryDepthLimit`.
    public var effectiveMaxDepth: Int { min(max(maxDepth, 0), Self.libraryDepthLimit) }

    /// Decodes exactly one value filling all of `input`.
    ///
    /// Bin and ext values in the result are slices of `input.storage` (no copy); strings are
    /// validated UTF-8. Throws ``MessagePackError/empty`` for no bytes,
    /// ``MessagePackError/truncated`` when the input ends inside a value,
    /// ``MessagePackError/trailingBytes(count:)`` when bytes follow the value,
    /// ``MessagePackError/tooLarge(_:)`` when a container declares more elements than the
    /// remaining bytes could hold (or the message exceeds ``maxElements``),
    /// ``MessagePackError/tooDeep(limit:)`` beyond ``effectiveMaxDepth``,
    /// ``MessagePackError/malformed(offset:)`` for invalid bytes and
    /// ``MessagePackError/invalidUTF8(offset:)`` for a str that is not UTF-8.
    public func decode(_ input: ByteSlice) throws(MessagePackError) -> MessagePackValue {
        var budget = maxElements
        return try decode(input, elementBudget: &budget)
    }

    /// Decodes like ``decode(_:)``, with at most `min(maxElements, elementBudget)` container
    /// elements, and subtracts the elements the value holds from `elementBudget`. Decoding the
    /// frames of one multipart message with one budget bounds the message as a whole.
    public func decode(_ input: ByteSlice, elementBudget: inout Int) throws(MessagePackError) -> MessagePackValue {
        let depthLimit = effectiveMaxDepth
        let total = max(maxElements, 0)
        let elementLimit = max(min(total, elementBudget), 0)
        return try input.withUnsafeBytes { (bytes: UnsafeRawBufferPointer) throws(MessagePackError) -> MessagePackValue in
            let scanned = withUnsafeTemporaryAllocation(of: Int.self, capacity: max(depthLimit, 1)) { stack in
                MessagePackScanner.scan(bytes, depthLimit: depthLimit, maxElements: elementLimit, reportedLimit: total,
                                        sharedLimit: elementLimit < total, stack: stack)
            }
            let (zoneBytes, elements) = try scanned.get()
            elementBudget -= elements
            return try Self.parse(bytes, zoneBytes: zoneBytes, input: input).get()
        }
    }

    /// Lets msgpack-c parse the scanned bytes into a zone on the stack, then converts the
    /// object tree while the zone and the input are alive.
    private static func parse(
        _ bytes: UnsafeRawBufferPointer, zoneBytes: Int, input: ByteSlice
    ) -> Result<MessagePackValue, MessagePackError> {
        withUnsafeTemporaryAllocation(of: msgpack_zone.self, capacity: 1) { zoneBuffer in
            let zone = zoneBuffer.baseAddress!
            // One chunk sized from the scan; a small one when the message has no containers.
            guard msgpack_zone_init(zone, max(zoneBytes + MemoryLayout<Int>.size, 64)) else {
                return .failure(.outOfMemory)
            }
            defer { msgpack_zone_destroy(zone) }
            var object = msgpack_object()
            var offset = 0
            let start = bytes.baseAddress!.assumingMemoryBound(to: CChar.self)
            let status = msgpack_unpack(start, bytes.count, &offset, zone, &object)
            switch status {
            case MSGPACK_UNPACK_SUCCESS:
                let converter = MessagePackObjectConverter(input: input, base: UnsafeRawPointer(start), count: bytes.count)
                return Result { () throws(MessagePackError) in try converter.value(of: object) }
            case MSGPACK_UNPACK_EXTRA_BYTES:
                return .failure(.trailingBytes(count: bytes.count - offset))
            case MSGPACK_UNPACK_CONTINUE:
                return .failure(.truncated)
            case MSGPACK_UNPACK_NOMEM_ERROR:
                return .failure(.outOfMemory)
            default:
                return .failure(.malformed(offset: offset))
            }
        }
    }
}
