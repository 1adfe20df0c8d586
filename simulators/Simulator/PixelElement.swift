/// Element types detector pools are written in.
protocol PixelElement {
    static func convert(_ value: Float) -> Self
}

extension Float: PixelElement {
    @inline(__always) static func convert(_ value: Float) -> Float { value }
}

extension UInt16: PixelElement {
    /// Rounded to the nearest integer and clamped to [0, 65535].
    @inline(__always) static func convert(_ value: Float) -> UInt16 {
        UInt16(Swift.min(65535, Swift.max(0, value + 0.5)))
    }
}
