import Foundation
import Operators
import Testing
import TestSupport

/// peakfinder8 against ondamonitor's compiled `peakfinder_8` (OM 23.8.3) on the hand-made and
/// simulated frames of `Tests/Peers/red_pf8.py`, same parameters, same radius map, same mask,
/// same fast-mode sample.
@Suite struct PeakFinder8PeerTests {
    struct Cases: Sendable {
        let directory: URL
        let manifest: JSONValue

        static let shared = Task<Cases, Error> {
            let dir = try TestEnvironment.temporaryDirectory("red-pf8")
            let result = try await run(TestEnvironment.python,
                                       [TestEnvironment.peersDirectory.appendingPathComponent("red_pf8.py").path, dir.path],
                                       timeout: 300)
            guard result.status == 0, result.stdout.contains("DONE") else {
                throw VectorError("red_pf8.py failed (\(result.status)):\n\(result.stdout)\n\(result.stderr)")
            }
            return Cases(directory: dir, manifest: try JSONValue.parse(Data(contentsOf: dir.appendingPathComponent("cases.json"))))
        }

        func raw<T>(_ name: String, as _: T.Type) throws -> [T] {
            let file = try need(manifest["arrays"]?[name]?["file"]?.string, "array \(name)")
            let data = try Data(contentsOf: directory.appendingPathComponent(file))
            return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
        }
    }

    static let ids = ["hand/checkerboard", "hand/checkerboard_adc25", "hand/flat_single", "hand/asic_edge",
                      "hand/stale_slot", "hand/min_res", "hand/masked_pixel", "hand/max_peaks_1", "hand/min_pix_2"]
        + (0..<16).map { String(format: "sim/%02d", $0) } + ["fast/0", "fast/1"]

    @Test func everyCaseIsCovered() async throws {
        let cases = try await Cases.shared.value
        let got = Set(cases.manifest["cases"]?.array?.compactMap { $0["id"]?.string } ?? [])
        #expect(got == Set(Self.ids))
    }

    /// Same peaks in the same order: pixel counts and com indices exact; positions within
    /// 1e-3 px and intensities / σ / SNR within 1e-4 relative (float32 sums in both; only the
    /// summation order of the region and disc may differ).
    @Test(arguments: ids)
    func matchesOndamonitor(_ id: String) async throws {
        let cases = try await Cases.shared.value
        let c = try need(cases.manifest["cases"]?.array?.first { $0["id"]?.string == id }, id)
        let grid = try need(c["grid"]?.array?.compactMap(\.int), "grid")
        let panels = PeakFinder8.Panels(asicRows: grid[1], asicColumns: grid[0], panelRows: grid[3], panelColumns: grid[2])
        let p = try need(c["params"], "params")
        func optional(_ key: String) -> Float? { p[key]?.double.map { Float($0) } }
        let parameters = PeakFinder8.Parameters(
            adcThreshold: Float(try need(p["adc"]?.double, "adc")), minimumSNR: Float(try need(p["snr"]?.double, "snr")),
            minPixelCount: try need(p["nmin"]?.int, "nmin"), maxPixelCount: try need(p["nmax"]?.int, "nmax"),
            localBackgroundRadius: try need(p["bg"]?.int, "bg"), minResolution: optional("min_res"),
            maxResolution: optional("max_res"), maxPeaks: try need(p["max_peaks"]?.int, "max_peaks"))
        let good = try cases.raw(try need(c["mask"]?.string, "mask"), as: UInt8.self)
        let mask = try PixelMask(shape: [panels.rows, panels.columns], flags: good.map { $0 == 0 ? 1 : 0 })
        var sample: PeakFinder8.RadialSample?
        if let pixels = c["sample_pixels"]?.string, let bins = c["sample_bins"]?.string {
            sample = .init(pixels: try cases.raw(pixels, as: Int32.self), bins: try cases.raw(bins, as: Int32.self))
        }
        let finder = try PeakFinder8(radius: try cases.raw(try need(c["radius"]?.string, "radius"), as: Float.self),
                                     panels: panels, mask: mask, parameters: parameters, sample: sample)
        let frame = try DenseArray<Float>(shape: [panels.rows, panels.columns],
                                          values: try cases.raw(try need(c["data"]?.string, "data"), as: Float.self))
        let found = try finder.find(in: frame).peaks
        let ref = try need(c["peaks"], "peaks")
        func column(_ k: String) throws -> [Double] { try need(ref[k]?.array?.compactMap(\.double), k) }
        let fs = try column("fs"), ss = try column("ss"), intensity = try column("intensity"), com = try column("com_index")
        let npix = try column("npix"), maxValue = try column("max"), sigma = try column("sigma"), snr = try column("snr")
        #expect(found.count == fs.count, "\(id): \(found.count) peaks, OM \(fs.count)")
        guard found.count == fs.count else {
            let ours = Set(found.map(\.comIndex)), theirs = Set(com.map { Int($0) })
            print("PF8 \(id) only ours: \(found.filter { !theirs.contains($0.comIndex) }), only OM: \(theirs.subtracting(ours).sorted())")
            return
        }
        #expect(found.map(\.pixelCount) == npix.map { Int($0) }, "\(id) npix")
        #expect(found.map(\.comIndex) == com.map { Int($0) }, "\(id) com_index")
        #expect(Tolerance.maxAbs(found.map { Double($0.fs) }, fs) <= 1e-3, "\(id) fs")
        #expect(Tolerance.maxAbs(found.map { Double($0.ss) }, ss) <= 1e-3, "\(id) ss")
        for (name, got, want) in [("intensity", found.map { Double($0.intensity) }, intensity),
                                  ("max", found.map { Double($0.maxPixelValue) }, maxValue),
                                  ("sigma", found.map { Double($0.localSigma) }, sigma),
                                  ("snr", found.map { Double($0.snr) }, snr)] {
            let excess = Tolerance.excess(got, want, rtol: 1e-4, atol: 1e-4)
            #expect(excess <= 1, "\(id) \(name): \(excess)× the tolerance")
        }
        print("PF8 \(id): \(found.count) peaks match")
    }
}
