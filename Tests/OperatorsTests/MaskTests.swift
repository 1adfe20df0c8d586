import Foundation
import Operators
import Testing
import TestSupport

/// Value-range, non-finite and hot-pixel masks, applying masks and thresholds, mask files.
@Suite struct MaskTests {
    static let image = try! DenseArray<Float>(shape: [3, 4], values: [1, 2, 3, 4, 5, .nan, 7, 8, 9, 10, .infinity, -1])

    @Test func valueRangeAndNonFiniteMasks() throws {
        let m = PixelMask.outside(2...9, in: Self.image)
        #expect(m.flags == [1, 0, 0, 0, 0, 1, 0, 0, 0, 1, 1, 1])
        #expect(m.maskedCount == 5)
        #expect(PixelMask.nonFinite(in: Self.image).flags == [0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0])
        let both = try m.union(try PixelMask(shape: [3, 4], flags: [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        #expect(both.maskedCount == 6)
        #expect(throws: OperatorError.self) { try m.union(PixelMask.none(shape: [4, 3])) }
    }

    @Test func applyingMasksAndThresholds() throws {
        let m = PixelMask.outside(2...9, in: Self.image)
        let stack = try DenseArray<Float>(shape: [2, 3, 4], values: (0..<24).map(Float.init))
        let masked = try stack.masked(by: m)
        for (i, v) in masked.values.enumerated() {
            #expect(m.flags[i % 12] != 0 ? v.isNaN : v == Float(i))
        }
        #expect(throws: OperatorError.self) { try stack.masked(by: PixelMask.none(shape: [4, 3])) }
        let t = stack.thresholded(to: 3...20.5)
        #expect(t.values.enumerated().allSatisfy { i, v in (3...20).contains(i) ? v == Float(i) : v.isNaN })
    }

    @Test func hotPixelsAreRobustOutliers() throws {
        // A flat dark with Gaussian-like spread and three hot pixels.
        var values = (0..<400).map { Float(100 + (($0 * 37) % 21) - 10) }  // 90 … 110
        values[17] = 400
        values[222] = 160
        values[399] = .nan
        values[300] = 60  // cold: not hot
        let dark = try DenseArray(shape: [20, 20], values: values)
        let hot = try PixelMask.hotPixels(in: dark, sigma: 5)
        // median 100, MAD 5 → scale 7.413, limit 137.07.
        #expect(Set(hot.flags.indices.filter { hot.flags[$0] != 0 }) == [17, 222, 399])
        let loose = try PixelMask.hotPixels(in: dark, sigma: 10)  // limit 174.1: 160 passes
        #expect(loose.maskedCount == 2)
        #expect(throws: OperatorError.self) { try PixelMask.hotPixels(in: dark, sigma: 0) }
        let constant = try DenseArray<Float>(shape: [2, 2], values: [5, 5, 5, 9])  // MAD 0: falls back to std
        #expect(try PixelMask.hotPixels(in: constant, sigma: 1).flags == [0, 0, 0, 1])
    }

    @Test func maskFromHDF5File() async throws {
        let dir = try TestEnvironment.temporaryDirectory("ops-mask")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("mask.h5").path
        // Written by h5py: good-pixel flags (1 = good) under /entry/good.
        let script = """
        import h5py, numpy as np
        m = np.ones((4, 5), dtype=np.uint8); m[0, 1] = 0; m[3, 4] = 0
        with h5py.File(r'\(path)', 'w') as f:
            f['entry/good'] = m
            f['entry/bad_bool'] = m == 0
            f['entry/bad_float'] = (m == 0).astype(np.float32) * 2.5
        """
        let result = try await run(TestEnvironment.python, ["-c", script])
        #expect(result.status == 0, "\(result.stderr)")
        let mask = try PixelMask.load(path: path, dataset: "entry/good", invert: true)
        #expect(mask.shape == [4, 5])
        #expect(mask.flags.indices.filter { mask.flags[$0] != 0 } == [1, 19])
        #expect(try PixelMask.load(path: path, dataset: "entry/bad_bool") == mask)
        #expect(try PixelMask.load(path: path, dataset: "entry/bad_float") == mask)
        #expect(throws: OperatorError.self) { try PixelMask.load(path: path, dataset: "missing") }
    }
}
