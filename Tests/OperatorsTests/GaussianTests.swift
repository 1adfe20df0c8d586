import Operators
import Testing

/// Properties of the Gaussian filter beyond the scipy references.
@Suite struct GaussianTests {
    static let image = try! DenseArray<Float>(shape: [37, 53]) { out in
        for i in 0..<out.count { out[i] = Float((i * 7919) % 997) + (i % 53 > 40 ? 500 : 0) }
    }

    /// Smoothing inside an ROI (with its halo) gives exactly the full image smoothed, then cropped.
    @Test(arguments: GaussianFilter.Accumulation.allCases)
    func roiWithHaloEqualsSmoothThenCrop(_ accumulation: GaussianFilter.Accumulation) throws {
        let filter = try GaussianFilter(sigma: 1.7, accumulation: accumulation)
        let full = try filter.apply(to: Self.image)
        for roi in [RegionOfInterest(x: 10, y: 9, width: 20, height: 15), RegionOfInterest(x: -3, y: 30, width: 9, height: 20),
                    RegionOfInterest(x: 50, y: 0, width: 10, height: 37), RegionOfInterest(x: 0, y: 0, width: 53, height: 37)] {
            let inside = try #require(try filter.apply(to: Self.image, in: roi))
            #expect(inside == (try full.cropped(to: roi)), "\(roi)")
        }
        #expect(try filter.apply(to: Self.image, in: RegionOfInterest(x: 60, y: 0, width: 5, height: 5)) == nil)
    }

    @Test func stacksAreSmoothedFrameByFrame() throws {
        let filter = try GaussianFilter(sigma: 2)
        let second = Self.image.values.map { $0 * -0.5 + 3 }
        let stack = try DenseArray<Float>(shape: [2, 37, 53], values: Self.image.values + second)
        let smoothed = try filter.apply(to: stack)
        #expect(try smoothed.frame(0) == filter.apply(to: Self.image))
        #expect(try smoothed.frame(1) == filter.apply(to: DenseArray(shape: [37, 53], values: second)))
    }

    @Test func kernelAndParameters() throws {
        let f = try GaussianFilter(sigma: 5)
        #expect(f.radius == 20 && f.weights.count == 21)
        let total = f.weights[0] + 2 * f.weights.dropFirst().reduce(0, +)
        #expect(abs(total - 1) < 1e-15)
        #expect(f.weights == f.weights.sorted(by: >))
        #expect(try GaussianFilter(sigma: 0.1).radius == 0)
        #expect(try GaussianFilter(sigma: 0.1).apply(to: Self.image) == Self.image)
        // A constant image stays constant (weights sum to 1; reflection keeps the edges).
        let constant = try DenseArray<Float>(shape: [9, 4], repeating: 64)
        #expect(try GaussianFilter(sigma: 3, accumulation: .double).apply(to: constant).values.allSatisfy { abs($0 - 64) < 1e-4 })
        #expect(throws: OperatorError.self) { try GaussianFilter(sigma: 0) }
        #expect(throws: OperatorError.self) { try GaussianFilter(sigma: 1, truncate: -1) }
        #expect(throws: OperatorError.self) { try GaussianFilter(sigma: .infinity) }
        #expect(throws: OperatorError.self) { try f.apply(to: DenseArray<Float>(shape: [5], repeating: 0)) }
    }
}
