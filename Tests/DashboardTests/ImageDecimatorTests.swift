import ByteSlices
import Dashboard
import KaraboBridge
import Testing

/// Server-side reduction of images and vectors to the displayed size.
struct ImageDecimatorTests {
    static func uint16(_ values: [UInt16], _ shape: [Int], bigEndian: Bool = false) -> NDArray {
        let bytes = values.flatMap { v -> [UInt8] in
            let w = bigEndian ? v.bigEndian : v.littleEndian
            return [UInt8(truncatingIfNeeded: w), UInt8(truncatingIfNeeded: w >> 8)]
        }
        return try! NDArray(dtype: bigEndian ? DType(parsing: ">u2") : .uint16, shape: shape, data: ByteSlice(copying: bytes))
    }

    static func float32(_ values: [Float], _ shape: [Int]) -> NDArray {
        try! NDArray(dtype: .float32, shape: shape, data: values.withUnsafeBytes { ByteSlice(copying: Array($0)) })
    }

    @Test func blockMeansAndMaxima() throws {
        // 4 × 4, reduced to 2 × 2: each output pixel is one 2 × 2 block.
        let a = Self.uint16(Array(0..<16), [4, 4])
        let mean = try #require(ImageDecimator.decimate(a, width: 2, height: 2))
        #expect(mean.width == 2 && mean.height == 2)
        #expect(mean.values == [2.5, 4.5, 10.5, 12.5])
        let max = try #require(ImageDecimator.decimate(a, width: 2, height: 2, reduction: .max))
        #expect(max.values == [5, 7, 13, 15])
    }

    @Test func neverEnlargesAndClampsTheRegion() throws {
        let a = Self.uint16(Array(0..<16), [4, 4])
        let d = try #require(ImageDecimator.decimate(a, region: PixelRegion(x0: 2, y0: -5, x1: 99, y1: 2), width: 100, height: 100))
        #expect(d.region == PixelRegion(x0: 2, y0: 0, x1: 4, y1: 2))
        #expect(d.width == 2 && d.height == 2)
        #expect(d.values == [2, 3, 6, 7])
    }

    @Test func skipsNaN() throws {
        let a = Self.float32([1, .nan, 3, .nan, .nan, .nan, .nan, .nan], [2, 4])
        let d = try #require(ImageDecimator.decimate(a, width: 2, height: 1))
        #expect(d.values[0] == 1 && d.values[1] == 3)
        let e = try #require(ImageDecimator.decimate(a, region: PixelRegion(x0: 0, y0: 1, x1: 4, y1: 2), width: 1, height: 1))
        #expect(e.values[0].isNaN)
    }

    @Test func readsBigEndianAndStridedArrays() throws {
        let big = Self.uint16([1, 258, 3, 4], [2, 2], bigEndian: true)
        #expect(ImageDecimator.decimate(big, width: 2, height: 2)?.values == [1, 258, 3, 4])
        // Pulse 1 of a (pulse, y, x) stack is a view with strides; higher ranks show index 0.
        let stack = Self.float32((0..<24).map(Float.init), [2, 3, 4])
        let pulse = try #require(stack.selecting(axis: 0, index: 1))
        #expect(ImageDecimator.decimate(pulse, width: 4, height: 3)?.values == (12..<24).map(Float.init))
        #expect(ImageDecimator.decimate(stack, width: 4, height: 3)?.values == (0..<12).map(Float.init))
        // A column of the image (stride of a row) as a 1-D array: one row of pixels.
        let column = try #require(pulse.selecting(axis: 1, index: 2))
        #expect(ImageDecimator.decimate(column, width: 3, height: 3)?.values == [14, 18, 22])
    }

    @Test func binsLongVectors() throws {
        let v = Self.float32((0..<10).map(Float.init), [10])
        let (x, y) = try #require(ImageDecimator.decimate(vector: v, x: (0..<10).map { Double($0) * 2 }, maxPoints: 5))
        #expect(y == [0.5, 2.5, 4.5, 6.5, 8.5])
        #expect(x == [1, 5, 9, 13, 17])
        let short = try #require(ImageDecimator.decimate(vector: v, x: nil, maxPoints: 100))
        #expect(short.y.count == 10 && short.x == (0..<10).map(Double.init))
    }
}
