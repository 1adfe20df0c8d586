import KaraboBridge

/// The element types the operators compute on: `Float` (float32) and `Double` (float64).
///
/// Kernels are generic over this protocol and specialised for both types in optimised builds.
public protocol DenseElement: BinaryFloatingPoint, SIMDScalar, Sendable, Hashable, Codable {
    /// The matching numpy dtype (native little-endian).
    static var dtype: DType { get }
    /// The value as a Double (exact for both types).
    var double: Double { get }
    /// The value rounded from a Double.
    init(rounding value: Double)
}

extension Float: DenseElement {
    public static var dtype: DType { .float32 }
    @inlinable public var double: Double { Double(self) }
    @inlinable public init(rounding value: Double) { self = Float(value) }
}

extension Double: DenseElement {
    public static var dtype: DType { .float64 }
    @inlinable public var double: Double { self }
    @inlinable public init(rounding value: Double) { self = value }
}
