import ByteSlices

extension MessagePackWriter {
    /// Writes `value` and everything inside it.
    ///
    /// `.int` and `.uint` both use the smallest integer encoding for their number, so
    /// `.int(5)` and `.uint(5)` give the same byte (0x05).
    public func pack(_ value: MessagePackValue) {
        switch value {
        case .nil:
            packNil()
        case .bool(let flag):
            pack(flag)
        case .int(let number):
            pack(number)
        case .uint(let number):
            pack(number)
        case .float32(let number):
            pack(number)
        case .float64(let number):
            pack(number)
        case .string(let text):
            pack(text)
        case .binary(let bytes):
            packBinary(bytes)
        case .array(let elements):
            beginArray(count: elements.count)
            for element in elements { pack(element) }
        case .map(let pairs):
            beginMap(count: pairs.count)
            for pair in pairs {
                pack(pair.key)
                pack(pair.value)
            }
        case .ext(let type, let data):
            data.withUnsafeBytes { packExtension(type: type, data: $0) }
        }
    }
}
