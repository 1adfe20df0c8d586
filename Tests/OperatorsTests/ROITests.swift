import Operators
import Testing

/// ROI statistics and projections on NaN-heavy regions and invalid inputs.
@Suite struct ROITests {
    @Test func nanRegions() throws {
        let n = Float.nan
        let image = try DenseArray<Float>(shape: [3, 4], values: [n, 1, 2, n,
                                                                   n, 3, n, n,
                                                                   n, n, 6, n])
        let s = try #require(try image.statistics())
        #expect(s.validCount == 4 && s.sum == 12 && s.mean == 3 && s.minimum == 1 && s.maximum == 6)
        #expect(abs(s.variance - 3.5) < 1e-15)  // ((−2)² + 0² + (−1)² + 3²) / 4
        #expect(try image.median() == 2.5)
        #expect(try image.projection(.x, .sum) == [0, 4, 8, 0])
        let meanX = try #require(try image.projection(.x, .mean))
        #expect(meanX[0].isNaN && meanX[1] == 2 && meanX[2] == 4 && meanX[3].isNaN)
        #expect(try image.projection(.y, .sum, in: RegionOfInterest(x: 1, y: 1, width: 10, height: 10)) == [3, 6])
        let allNaN = try #require(try image.statistics(in: RegionOfInterest(x: 0, y: 0, width: 1, height: 3)))
        #expect(allNaN.validCount == 0 && allNaN.sum == 0 && allNaN.mean.isNaN && allNaN.maximum.isNaN)
        #expect(try image.median(in: RegionOfInterest(x: 3, y: 0, width: 1, height: 3))?.isNaN == true)
        #expect(throws: OperatorError.self) { try DenseArray<Float>(shape: [2, 2, 2], repeating: 1).statistics() }
    }

    @Test func medianAgreesWithSorting() throws {
        for count in [1, 2, 3, 10, 101, 1000] {
            let values = (0..<count).map { Float(($0 * 7919 + 13) % 257) - 100 }
            let image = try DenseArray(shape: [1, count], values: values)
            let sorted = values.sorted()
            let expected = count % 2 == 1 ? Double(sorted[count / 2]) : (Double(sorted[count / 2 - 1]) + Double(sorted[count / 2])) / 2
            #expect(try image.median() == expected, "\(count) values")
        }
    }
}
