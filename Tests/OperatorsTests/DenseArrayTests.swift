import ByteSlices
import KaraboBridge
import Operators
import Testing

/// Making operator arrays from received `NDArray`s: when it views, when it converts.
@Suite struct DenseArrayTests {
    static func bytes<T>(_ values: [T]) -> ByteSlice { values.withUnsafeBytes { ByteSlice(copying: Array($0)) } }

    @Test func alignedFloat32IsViewedNotCopied() throws {
        let a = try NDArray(dtype: .float32, shape: [2, 3], data: Self.bytes([Float](arrayLiteral: 1, 2, 3, 4, 5, 6)))
        #expect(DenseArray<Float>.isZeroCopy(a))
        let d = try DenseArray<Float>(a)
        #expect(d.storage.isSameMemory(as: a.contiguousData))
        #expect(d.values == [1, 2, 3, 4, 5, 6] && d.shape == [2, 3])
        #expect(d.ndarray.contiguousData.isSameMemory(as: d.storage))
        #expect(!DenseArray<Double>.isZeroCopy(a))
    }

    @Test func misalignedStridedAndOtherTypesAreConverted() throws {
        // float32 starting one byte into its buffer.
        let raw = [UInt8](repeating: 0, count: 1) + Self.bytes([Float](arrayLiteral: 1.5, -2, 3)).bytes
        let storage = HeapBytes(copying: raw.withUnsafeBytes { $0 })
        let misaligned = try NDArray(dtype: .float32, shape: [3], data: try #require(ByteSlice(storage, offset: 1, count: 12)))
        #expect(!DenseArray<Float>.isZeroCopy(misaligned))
        #expect(try DenseArray<Float>(misaligned).values == [1.5, -2, 3])

        let u16 = try NDArray(dtype: .uint16, shape: [3], data: Self.bytes([UInt16](arrayLiteral: 0, 65535, 7)))
        #expect(try DenseArray<Float>(u16).values == [0, 65535, 7])
        let big = try NDArray(dtype: DType(parsing: ">i4"), shape: [2], data: Self.bytes([Int32(-5).bigEndian, Int32(70000).bigEndian]))
        #expect(try DenseArray<Double>(big).values == [-5, 70000])
        let f64 = try NDArray(dtype: .float64, shape: [2], data: Self.bytes([0.1, 1e40]))
        #expect(try DenseArray<Float>(f64).values == [Float(0.1), .infinity])

        // A strided view: pulse 1 of an online (2, 3 pulses) array.
        let online = try NDArray(dtype: .float32, shape: [2, 3], data: Self.bytes([Float](arrayLiteral: 0, 1, 2, 10, 11, 12)))
        let pulse = try #require(online.selecting(axis: 1, index: 1))
        #expect(try DenseArray<Float>(pulse).values == [1, 11])

        let text = try NDArray(dtype: DType(parsing: "|S2"), shape: [1], data: ByteSlice(utf8: "ab"))
        #expect(throws: OperatorError.unsupportedDType("|S2")) { try DenseArray<Float>(text) }
    }

    @Test func framesReshapesAndErrors() throws {
        let d = try DenseArray<Float>(shape: [3, 2, 2], values: (0..<12).map(Float.init))
        let f = try d.frame(2)
        #expect(f.shape == [2, 2] && f.values == [8, 9, 10, 11])
        #expect(f.storage.storage === d.storage.storage)
        #expect(try d.reshaped([6, 2])[[5, 1]] == 11)
        #expect(throws: OperatorError.shapeMismatch(expected: [3, 2, 2], actual: [5])) { try d.reshaped([5]) }
        #expect(throws: OperatorError.pulseOutOfRange(index: 3, pulseCount: 3)) { try d.frame(3) }
        #expect(throws: OperatorError.self) { try DenseArray<Float>(shape: [2, -1], repeating: 0) }
        #expect(throws: OperatorError.self) { try DenseArray<Float>(shape: [2], values: [1, 2, 3]) }
        // A view kept by a cross-train state is compacted; a whole buffer is not copied.
        #expect(f.compacted().storage.storage !== d.storage.storage)
        #expect(d.compacted().isSameMemory(as: d))
    }

    @Test func cropClipsAndKeepsLeadingAxes() throws {
        let d = try DenseArray<Float>(shape: [2, 3, 4], values: (0..<24).map(Float.init))
        let c = try #require(try d.cropped(to: RegionOfInterest(x: 2, y: -1, width: 5, height: 2)))
        #expect(c.shape == [2, 1, 2] && c.values == [2, 3, 14, 15])
        #expect(try d.cropped(to: RegionOfInterest(x: 4, y: 0, width: 1, height: 1)) == nil)
        #expect(RegionOfInterest(x: Int.max, y: 0, width: Int.max, height: 1).clipped(rows: 3, columns: 4) == nil)
        #expect(throws: OperatorError.self) { try DenseArray<Float>(shape: [4], repeating: 0).cropped(to: .full(rows: 1, columns: 1)) }
    }
}
