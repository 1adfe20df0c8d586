import KaraboBridge

/// Reading numeric array elements by address, with the dtype decided once per array rather
/// than once per element.
enum ElementAccess {
    /// Calls `body` with a function that reads one element (given its address) as a Double.
    /// Does nothing for non-numeric dtypes.
    static func withElements(of array: NDArray, _ body: ((UnsafeRawPointer) -> Double) -> Void) {
        let big = array.dtype.isBigEndian
        switch (array.dtype.kind, array.dtype.itemSize) {
        case (.bool, 1), (.unsignedInteger, 1): body { Double($0.load(as: UInt8.self)) }
        case (.signedInteger, 1): body { Double($0.load(as: Int8.self)) }
        case (.unsignedInteger, 2):
            if big { body { Double($0.loadUnaligned(as: UInt16.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: UInt16.self)) } }
        case (.signedInteger, 2):
            if big { body { Double($0.loadUnaligned(as: Int16.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: Int16.self)) } }
        case (.unsignedInteger, 4):
            if big { body { Double($0.loadUnaligned(as: UInt32.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: UInt32.self)) } }
        case (.signedInteger, 4):
            if big { body { Double($0.loadUnaligned(as: Int32.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: Int32.self)) } }
        case (.unsignedInteger, 8):
            if big { body { Double($0.loadUnaligned(as: UInt64.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: UInt64.self)) } }
        case (.signedInteger, 8):
            if big { body { Double($0.loadUnaligned(as: Int64.self).byteSwapped) } } else { body { Double($0.loadUnaligned(as: Int64.self)) } }
        case (.float, 2):
            body { p in
                let bits = p.loadUnaligned(as: UInt16.self)
                return Double(Float16(bitPattern: big ? bits.byteSwapped : bits))
            }
        case (.float, 4):
            if big { body { Double(Float(bitPattern: $0.loadUnaligned(as: UInt32.self).byteSwapped)) } }
            else { body { Double($0.loadUnaligned(as: Float.self)) } }
        case (.float, 8):
            if big { body { Double(bitPattern: $0.loadUnaligned(as: UInt64.self).byteSwapped) } }
            else { body { $0.loadUnaligned(as: Double.self) } }
        default: return
        }
    }
}
