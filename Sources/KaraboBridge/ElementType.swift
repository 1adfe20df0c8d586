/// The numeric element types of bridge arrays: the one table from a dtype's kind and size to
/// a concrete element type. Every numeric loop (array statistics, the dashboard's decimation,
/// the operators' conversion to their working type) switches on this, never on
/// `(kind, itemSize)` itself.
public enum ElementType: Sendable, CaseIterable {
    case bool, uint8, int8, uint16, int16, uint32, int32, uint64, int64, float16, float32, float64

    /// The element type of `kind` and `size` bytes; nil for non-numeric ones.
    public init?(kind: DType.Kind, size: Int) {
        switch (kind, size) {
        case (.bool, 1): self = .bool
        case (.unsignedInteger, 1): self = .uint8
        case (.signedInteger, 1): self = .int8
        case (.unsignedInteger, 2): self = .uint16
        case (.signedInteger, 2): self = .int16
        case (.unsignedInteger, 4): self = .uint32
        case (.signedInteger, 4): self = .int32
        case (.unsignedInteger, 8): self = .uint64
        case (.signedInteger, 8): self = .int64
        case (.float, 2): self = .float16
        case (.float, 4): self = .float32
        case (.float, 8): self = .float64
        default: return nil
        }
    }

    /// A function reading one element (at any alignment, in the given byte order) as a Double,
    /// chosen once per array and applied per element. Booleans read as 0 or 1.
    public func doubleLoader(bigEndian big: Bool) -> (UnsafeRawPointer) -> Double {
        switch self {
        case .bool: return { $0.load(as: UInt8.self) != 0 ? 1 : 0 }
        case .uint8: return { Double($0.load(as: UInt8.self)) }
        case .int8: return { Double($0.load(as: Int8.self)) }
        case .uint16:
            return big ? { Double($0.loadUnaligned(as: UInt16.self).byteSwapped) } : { Double($0.loadUnaligned(as: UInt16.self)) }
        case .int16:
            return big ? { Double($0.loadUnaligned(as: Int16.self).byteSwapped) } : { Double($0.loadUnaligned(as: Int16.self)) }
        case .uint32:
            return big ? { Double($0.loadUnaligned(as: UInt32.self).byteSwapped) } : { Double($0.loadUnaligned(as: UInt32.self)) }
        case .int32:
            return big ? { Double($0.loadUnaligned(as: Int32.self).byteSwapped) } : { Double($0.loadUnaligned(as: Int32.self)) }
        case .uint64:
            return big ? { Double($0.loadUnaligned(as: UInt64.self).byteSwapped) } : { Double($0.loadUnaligned(as: UInt64.self)) }
        case .int64:
            return big ? { Double($0.loadUnaligned(as: Int64.self).byteSwapped) } : { Double($0.loadUnaligned(as: Int64.self)) }
        case .float16:
            return { p in
                let bits = p.loadUnaligned(as: UInt16.self)
                return Double(Float16(bitPattern: big ? bits.byteSwapped : bits))
            }
        case .float32:
            return big ? { Double(Float(bitPattern: $0.loadUnaligned(as: UInt32.self).byteSwapped)) }
                       : { Double($0.loadUnaligned(as: Float.self)) }
        case .float64:
            return big ? { Double(bitPattern: $0.loadUnaligned(as: UInt64.self).byteSwapped) }
                       : { $0.loadUnaligned(as: Double.self) }
        }
    }
}

extension DType {
    /// The numeric element type; nil for strings, objects and other non-numeric dtypes.
    public var elementType: ElementType? { ElementType(kind: kind, size: itemSize) }
}
