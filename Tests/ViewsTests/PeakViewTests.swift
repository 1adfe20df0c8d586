import ByteSlices
import Foundation
import KaraboBridge
import Operators
import Testing
import Views

/// `peakfinder8`, `hit` and `hit_rate` as views: load-time checks, the published points and
/// columns (against the `PeakFinder8` kernel they wrap, itself checked against ondamonitor in
/// `PeakFinder8PeerTests`), per-pulse stacks, hit gating and the hit-rate window.
@Suite struct PeakViewTests {
    static let flat = "rows: 32, columns: 32, poni1: 0.0016, poni2: 0.0016, pixel1: 0.0001, pixel2: 0.0001"

    /// A 9/11 checkerboard with `peaks` three-pixel peaks (at rows 6, 16, 26 · columns 8, 20).
    static func frame(peaks: Int) -> [Float] {
        var v = (0..<(32 * 32)).map { Float(($0 / 32 + $0 % 32) % 2 == 0 ? 9 : 11) }
        for (k, (r, c)) in [(6, 8), (16, 20), (26, 8), (6, 22)].prefix(peaks).enumerated() {
            v[r * 32 + c] = 69 + Float(k)
            v[r * 32 + c + 1] = 41
            v[(r - 1) * 32 + c] = 25
        }
        return v
    }

    static func train(_ id: UInt64, _ values: [Float], shape: [Int]) throws -> Train {
        let bytes = values.withUnsafeBytes { ByteSlice(HeapBytes(copying: $0)) }
        var d = SourceData(name: "D", metadata: Metadata(source: "D", trainID: id, timestamp: nil))
        d.data["img"] = .array(try NDArray(dtype: .float32, shape: shape, data: bytes))
        return Train(sources: [d])
    }

    @Test func loadTimeChecks() {
        let partial = OperatorWrapperTests.problems(OperatorWrapperTests.one("peakfinder8",
            "{adc_threshold: 0, minimum_snr: 3, rows: 32, columns: 32}", inputs: "input: D[img]"))
        #expect(partial.first?.description.contains("poni1") == true, "\(partial)")
        let tiling = OperatorWrapperTests.problems(OperatorWrapperTests.one("peakfinder8",
            "{adc_threshold: 0, minimum_snr: 3, \(Self.flat), asic_rows: 5}", inputs: "input: D[img]"))
        #expect(tiling.first?.description.contains("tile") == true, "\(tiling)")
        let window = OperatorWrapperTests.problems("views:\n  p:\n    operator: peakfinder8\n    input: D[img]\n"
            + "    params: {adc_threshold: 0, minimum_snr: 3, \(Self.flat)}\n  r:\n    operator: hit_rate\n    input: view:p\n    params: {window: 0}\n")
        #expect(window.contains { $0.description.contains("window") }, "\(window)")
    }

    @Test func publishesPeaksHitsAndRate() throws {
        let g = try OperatorWrapperTests.graph("""
        views:
          p:
            operator: peakfinder8
            input: D[img]
            params: {adc_threshold: 0, minimum_snr: 3, min_pixel_count: 1, local_bg_radius: 2, min_peaks: 2, \(Self.flat)}
          h:
            operator: hit
            input: view:p
          after_hit:
            operator: pick
            input: view:h
          rate:
            operator: hit_rate
            input: view:p
            params: {window: 3}
        """)
        let radius = try RadiusMap.flat(rows: 32, columns: 32, poni1: 0.0016, poni2: 0.0016, pixel1: 0.0001, pixel2: 0.0001)
        let finder = try PeakFinder8(radius: radius, panels: .single(rows: 32, columns: 32),
                                     parameters: .init(adcThreshold: 0, minimumSNR: 3, minPixelCount: 1, localBackgroundRadius: 2))
        var rates: [Double] = []
        for (i, n) in [3, 1, 2, 0].enumerated() {
            let values = Self.frame(peaks: n)
            let r = g.process(try Self.train(UInt64(i), values, shape: [32, 32]))
            let expected = try finder.find(in: try DenseArray(shape: [32, 32], values: values)).peaks
            #expect(expected.count == n)
            guard case let .points(x, y, xAxis, _, columns)? = r.value("p") else { Issue.record("points"); return }
            #expect(x.doubles() == expected.map { Double($0.fs) } && y.doubles() == expected.map { Double($0.ss) })
            #expect(columns["intensity"]?.array?.doubles() == expected.map { Double($0.intensity) })
            #expect(columns["snr"]?.array?.doubles() == expected.map { Double($0.snr) })
            #expect(columns["pixels"]?.array?.doubles() == expected.map { Double($0.pixelCount) })
            #expect(columns["hit"] == .bool(n >= 2) && columns["peak_count"] == .int(Int64(n)) && xAxis.label == "fs")
            #expect(r.value("h")?.double == (n >= 2 ? 1 : nil))
            #expect((r.value("after_hit") != nil) == (n >= 2))
            rates.append(try #require(r.value("rate")?.double))
            // Published with the extra keys.
            let source = try #require(r.results(in: g).first { $0.view == "p" }?.source)
            #expect(source.data["hit"] == .bool(n >= 2) && source.data["intensity"] != nil && source.data["x"] != nil)
        }
        let expected: [Double] = [1, 0.5, 2.0 / 3, 1.0 / 3]  // window 3: [1], [1,0], [1,0,1], [0,1,0]
        #expect(rates == expected)
    }

    @Test func perPulseStack() throws {
        let g = try OperatorWrapperTests.graph("""
        views:
          p:
            operator: peakfinder8
            input: D[img]
            params: {adc_threshold: 0, minimum_snr: 3, min_pixel_count: 1, local_bg_radius: 2, min_peaks: 1, \(Self.flat)}
          rate:
            operator: hit_rate
            input: view:p
        """)
        let r = g.process(try Self.train(1, Self.frame(peaks: 2) + Self.frame(peaks: 0) + Self.frame(peaks: 1), shape: [3, 32, 32]))
        guard case let .points(x, _, _, _, columns)? = r.value("p") else { Issue.record("points \(String(describing: r.value("p")))"); return }
        #expect(x.count == 3)
        #expect(columns["frame"]?.array?.doubles() == [0, 0, 2])
        #expect(columns["hit"]?.array?.doubles() == [1, 0, 1] && columns["peak_count"]?.array?.doubles() == [2, 0, 1])
        #expect(r.value("rate")?.double == 2.0 / 3)
    }
}
