/// Calling the Float or Double specialisation of a generic kernel.
///
/// Public operators are generic over ``DenseElement`` but are not `@inlinable`, so a caller in
/// another module would run unspecialised code. They instead branch once on the element type
/// and call internal kernels with a concrete type, which the optimiser specialises.
enum Specialize {
    /// Reinterprets a value of a generic type built on `E` as the same type built on `Float`
    /// or `Double`; `E` must be exactly that type.
    @inline(__always)
    static func cast<From, To>(_ value: From, to _: To.Type) -> To {
        precondition(MemoryLayout<From>.size == MemoryLayout<To>.size)
        return unsafeBitCast(value, to: To.self)
    }

    /// Whether `E` is `Float` (else it is `Double`, the only other conforming type).
    @inline(__always)
    static func isFloat<E: DenseElement>(_: E.Type) -> Bool {
        if E.self == Float.self { return true }
        precondition(E.self == Double.self, "DenseElement is implemented for Float and Double only")
        return false
    }
}
