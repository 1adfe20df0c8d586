import CMsgPack

/// A cheap validating walk over raw MessagePack bytes, run before msgpack-c sees them.
///
/// msgpack-c allocates room for every element of an array or map as soon as it reads the
/// declared count, before reading the elements, and it refuses (with a misleading
/// "out of memory" result) containers nested deeper than its fixed stack of 32. The scan
/// rejects, without allocating and without recursion:
/// - a container declaring more elements than bytes remain (each element needs ≥ 1 byte),
/// - a str, bin or ext running past the end of the input,
/// - nesting deeper than the limit, invalid type bytes, and bytes after the value,
/// - messages whose containers hold more elements in total than `maxElements`.
///
/// On success it returns how many bytes msgpack-c's zone will need for the parsed tree and
/// how many container elements the message holds.
enum MessagePackScanner {
    /// Bytes msgpack-c allocates per array element and per map entry.
    static let arrayElementBytes = MemoryLayout<msgpack_object>.stride
    static let mapEntryBytes = MemoryLayout<msgpack_object_kv>.stride

    /// Scans `bytes`; `stack` must have room for `depthLimit` counters. `sharedLimit` says the
    /// element limit is what remains of a budget shared with earlier frames of the same
    /// multipart message, whose total was `reportedLimit` (only the error text differs).
    static func scan(
        _ bytes: UnsafeRawBufferPointer, depthLimit: Int, maxElements: Int,
        reportedLimit: Int, sharedLimit: Bool, stack: UnsafeMutableBufferPointer<Int>
    ) -> Result<(zoneBytes: Int, elements: Int), MessagePackError> {
        let end = bytes.count
        guard end > 0, let base = bytes.baseAddress else { return .failure(.empty) }

        /// Reads a big-endian length of `size` bytes at `offset` (the caller checked the bounds).
        func length(at offset: Int, size: Int) -> Int {
            switch size {
            case 1: Int(base.load(fromByteOffset: offset, as: UInt8.self))
            case 2: Int(UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self)))
            default: Int(UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self)))
            }
        }

        var position = 0
        var depth = 0
        var zoneBytes = 0
        var elements = 0
        while true {
            guard position < end else { return .failure(.truncated) }
            let type = base.load(fromByteOffset: position, as: UInt8.self)
            // Header size, and then either a payload length or a container count.
            var header = 1
            var payload = 0
            var count = -1
            var isMap = false
            switch type {
            case 0x00...0x7f, 0xc0, 0xc2, 0xc3, 0xe0...0xff:
                break
            case 0x80...0x8f:
                count = Int(type & 0x0f)
                isMap = true
            case 0x90...0x9f:
                count = Int(type & 0x0f)
            case 0xa0...0xbf:
                payload = Int(type & 0x1f)
            case 0xca, 0xce, 0xd2: payload = 4
            case 0xcb, 0xcf, 0xd3: payload = 8
            case 0xcc, 0xd0: payload = 1
            case 0xcd, 0xd1: payload = 2
            case 0xd4: payload = 2  // fixext 1: type byte + 1
            case 0xd5: payload = 3
            case 0xd6: payload = 5
            case 0xd7: payload = 9
            case 0xd8: payload = 17
            case 0xc4, 0xc5, 0xc6, 0xd9, 0xda, 0xdb, 0xc7, 0xc8, 0xc9, 0xdc, 0xdd, 0xde, 0xdf:
                let size: Int = switch type {
                case 0xc4, 0xd9, 0xc7: 1
                case 0xc5, 0xda, 0xc8, 0xdc, 0xde: 2
                default: 4
                }
                guard end - position > size else { return .failure(.truncated) }
                header = 1 + size
                let declared = length(at: position + 1, size: size)
                switch type {
                case 0xdc, 0xdd: count = declared
                case 0xde, 0xdf: count = declared; isMap = true
                case 0xc7, 0xc8, 0xc9: payload = declared + 1  // type byte + data
                default: payload = declared
                }
            default:  // 0xc1, never used
                return .failure(.malformed(offset: position))
            }

            let remaining = end - position - header
            guard remaining >= 0 else { return .failure(.truncated) }
            position += header
            if count >= 0 {
                let items = isMap ? 2 * count : count
                guard items <= remaining else {
                    let what = isMap ? "map of \(count) entries" : "array of \(count) elements"
                    return .failure(.tooLarge("\(what) at offset \(position - header) cannot fit in the \(remaining) bytes that remain"))
                }
                guard depth < depthLimit else { return .failure(.tooDeep(limit: depthLimit)) }
                elements += items
                guard elements <= maxElements else {
                    let scope = sharedLimit ? "the frames of one multipart message" : "one message"
                    return .failure(.tooLarge("more than \(reportedLimit) container elements in \(scope)"))
                }
                zoneBytes += count * (isMap ? mapEntryBytes : arrayElementBytes)
                if items > 0 {
                    stack[depth] = items
                    depth += 1
                    continue
                }
            } else {
                guard payload <= remaining else { return .failure(.truncated) }
                position += payload
            }

            // A value is complete: close every container it completes.
            while depth > 0 {
                stack[depth - 1] -= 1
                if stack[depth - 1] > 0 { break }
                depth -= 1
            }
            if depth == 0 { break }
        }
        if position < end { return .failure(.trailingBytes(count: end - position)) }
        return .success((zoneBytes, elements))
    }
}
