import Foundation
import Operators
import Testing
import TestSupport

/// Dark recording and subtraction from `../shared/refcases/dark` (README §5, §7).
@Suite struct DarkReferenceTests {
    /// Records the 12 dark trains of the reference case.
    static func record(_ refs: ReferenceCases, _ policy: NaNPolicy) throws -> DarkReference {
        let darks = try refs.dense("dark/darks", as: Float.self)
        var recorder = try DarkRecorder(trains: darks.shape[0], nanPolicy: policy)
        for t in 0..<darks.shape[0] {
            let complete = try recorder.add(try darks.frame(t))
            #expect(complete == (t == darks.shape[0] - 1))
        }
        return try recorder.dark()
    }

    /// |x − ref| ≤ rtol·|ref| on finite values, NaN exactly where the reference has NaN.
    static func relativeExcess(_ got: DenseArray<Float>, _ ref: DenseArray<Float>, rtol: Double) -> Double {
        Tolerance.excess(got.values.doubles, ref.values.doubles, rtol: rtol, atol: 0)
    }

    @Test func darkMeanMatchesNumpy() throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case("dark/subtract")
        let dark = try Self.record(refs, .propagate)
        let ref = try refs.dense(try need(c["outputs"]?["dark_mean"]?.string, "dark_mean"), as: Float.self)
        #expect(dark.mean.shape == ref.shape && dark.trainCount == 12)
        let rtol = try need(c["tolerance"]?["dark_mean"]?["rtol"]?.double, "dark_mean rtol")
        let excess = Self.relativeExcess(dark.mean, ref, rtol: rtol)
        #expect(excess <= 1, "dark_mean: \(excess)× the tolerance")
        // The single NaN dark pixel propagates (EXtra-foam is not NaN-aware).
        #expect(dark.mean[[2, 10, 20]].isNaN)
        #expect(dark.mean.values.filter(\.isNaN).count == 1)

        // EXtra-foam's incremental float32 mean drifts from ours by less than its tolerance.
        let running = try refs.dense(try need(c["outputs"]?["dark_running_f32"]?.string, "dark_running_f32"), as: Float.self)
        let atol = try need(c["tolerance"]?["dark_running_f32"]?["atol"]?.double, "dark_running_f32 atol")
        let drift = Tolerance.maxAbs(dark.mean.values.doubles, running.values.doubles)
        #expect(drift <= atol)
        print("REFCASE dark/subtract dark_mean: \(excess) of tolerance (rtol \(rtol)); vs dark_running_f32 \(drift) (atol \(atol))")
    }

    @Test func nanIgnoringDarkMatchesNanmean() throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case("dark/subtract")
        let dark = try Self.record(refs, .ignore)
        let ref = try refs.dense(try need(c["outputs"]?["dark_nanmean"]?.string, "dark_nanmean"), as: Float.self)
        // Same arithmetic as dark_mean (Double sum of Float values, one rounding): its tolerance.
        let rtol = try need(c["tolerance"]?["dark_mean"]?["rtol"]?.double, "dark_mean rtol")
        let excess = Self.relativeExcess(dark.mean, ref, rtol: rtol)
        #expect(excess <= 1, "dark_nanmean: \(excess)× the tolerance")
        let nanCount = dark.mean.values.filter(\.isNaN).count
        #expect(nanCount == 0)
        print("REFCASE dark/subtract dark_nanmean: \(excess) of tolerance (rtol \(rtol))")
    }

    @Test func subtractionMatchesNumpy() throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case("dark/subtract")
        let data = try refs.dense("dark/data", as: Float.self)
        let dark = try Self.record(refs, .propagate)
        let corrected = try dark.subtract(from: data)
        let ref = try refs.dense(try need(c["outputs"]?["corrected"]?.string, "corrected"), as: Float.self)
        let atol = try need(c["tolerance"]?["corrected"]?["atol"]?.double, "corrected atol")
        let err = Tolerance.maxAbs(corrected.values.doubles, ref.values.doubles)
        #expect(err <= atol, "corrected differs by \(err)")

        // Subtracting EXtra-foam's running dark is one Float subtraction per pixel: identical.
        let running = try refs.dense(try need(c["outputs"]?["dark_running_f32"]?.string, "dark_running_f32"), as: Float.self)
        let runningDark = DarkReference(mean: running, trainCount: 12, nanPolicy: .propagate)
        let refRunning = try refs.dense(try need(c["outputs"]?["corrected_running"]?.string, "corrected_running"), as: Float.self)
        let correctedRunning = try runningDark.subtract(from: data)
        #expect(correctedRunning == refRunning)
        print("REFCASE dark/subtract corrected: max |error| \(err) (atol \(atol)); corrected_running bit-identical")
    }

    /// numpy's float32 `nanmean` over 4 pulses sums in Float: up to ~2 Float ulps of the
    /// largest partial sum, plus the final rounding; ours sums in Double. Allow 4 ulps of the
    /// largest |input|.
    static func pulseMeanTolerance(_ input: DenseArray<Float>) -> Double {
        let largest = input.values.reduce(Float(0)) { $1.isNaN ? $0 : max($0, abs($1)) }
        return 4 * Double(largest.ulp)
    }

    @Test func pulseNanmeanMatchesNumpy() throws {
        let refs = try ReferenceCases.load()
        let c = try refs.case("dark/subtract")
        for (inputName, outputName) in [("corrected_running", "corrected_pulse_nanmean"), ("dark_running_f32", "dark_display_mean")] {
            let input = try refs.dense(try need(c["outputs"]?[inputName]?.string, inputName), as: Float.self)
            let ref = try refs.dense(try need(c["outputs"]?[outputName]?.string, outputName), as: Float.self)
            let mean = try input.pulseMean(nanPolicy: .ignore)
            #expect(mean.shape == ref.shape)
            let atol = Self.pulseMeanTolerance(input)
            let err = Tolerance.maxAbs(mean.values.doubles, ref.values.doubles)
            #expect(err <= atol, "\(outputName) differs by \(err) (atol \(atol))")
            print("REFCASE dark/subtract \(outputName): max |error| \(err) (atol \(atol), 4 Float ulps)")
        }
    }

    @Test func darkSurvivesHDF5RoundTrip() async throws {
        let refs = try ReferenceCases.load()
        let dark = try Self.record(refs, .propagate)
        let dir = try TestEnvironment.temporaryDirectory("ops-dark")
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("dark.h5").path
        try dark.save(to: path)
        let loaded = try DarkReference.load(from: path)
        #expect(loaded == dark)

        // h5py reads the same values, shape and attributes.
        let result = try await run(TestEnvironment.python, [TestEnvironment.peersDirectory.appendingPathComponent("h5_check.py").path, path])
        #expect(result.status == 0, "\(result.stderr)")
        let summary = try JSONValue.parse(result.stdout)
        let mean = try need(summary["datasets"]?["/dark/mean"], "/dark/mean")
        #expect(mean["dtype"]?.string == "<f4")
        #expect(mean["shape"]?.array?.compactMap(\.int) == dark.mean.shape)
        #expect(mean["sha256"]?.string == sha256Hex(dark.mean.storage))
        let attrs = try need(summary["groups"]?["/dark"]?["attrs"], "/dark attrs")
        #expect(attrs["train_count"]?.int == 12)
        #expect(attrs["nan_policy"]?.string == "propagate")
        #expect(attrs["format"]?.string == DarkReference.fileFormat)
    }

    @Test func loadRejectsOtherFiles() throws {
        let dir = try TestEnvironment.temporaryDirectory("ops-dark")
        defer { try? FileManager.default.removeItem(at: dir) }
        #expect(throws: OperatorError.self) { try DarkReference.load(from: dir.appendingPathComponent("missing.h5").path) }
    }
}
