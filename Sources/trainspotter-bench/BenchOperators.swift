import ArgumentParser
import CommandSupport
import Foundation
import Operators

/// `trainspotter bench operators`: our numerical kernels beside pyFAI and scipy measured in
/// the same run on the same frame, and the memory-bound kernels beside `memcpy`.
struct BenchOperators: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "operators",
        abstract: "Azimuthal integration vs pyFAI csr, Gaussian vs scipy, dark subtraction and pulse mean vs memcpy.")

    @Option(help: "Timed calls per case (the best one counts, for ours and the references alike).")
    var repeats = 100

    @Option(help: "Radial bins of the azimuthal integration.")
    var bins = 500

    @Option(help: "σ of the Gaussian, pixels.")
    var sigma = 5.0

    @Option(help: "Pulses per AGIPD-like train (16 modules × 512 × 128) for dark subtraction and pulse mean.")
    var pulses = 32

    @Option(help: "Python with pyFAI and scipy (default: $TRAINSPOTTER_PYTHON or .venv/bin/python).")
    var python: String?

    @Flag(help: "Skip the pyFAI / scipy references.")
    var skipPython = false

    static let rows = 1024, columns = 1024

    func run() async throws {
        print("Operators benchmark: release build, one thread, best of \(repeats) calls; references measured in this run.")
        let frame = Self.ringFrame(rows: Self.rows, columns: Self.columns)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-operators-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let framePath = dir.appendingPathComponent("frame.bin")
        try Data(frame.values.withUnsafeBytes { Array($0) }).write(to: framePath)

        var reference: [String: Any] = [:]
        if !skipPython {
            reference = try runReference(framePath: framePath.path, outDir: dir.path)
            if let versions = reference["versions"] as? [String: String] {
                print("references: pyFAI \(versions["pyFAI"] ?? "?"), scipy \(versions["scipy"] ?? "?"), numpy \(versions["numpy"] ?? "?")")
            }
        }
        var failures: [String] = []
        print(Self.row(["case", "ours ms", "fps", "reference", "ref ms", "ref fps", "speed-up", "agreement"]))
        try benchAzimuthal(frame, reference, dir, &failures)
        try benchGaussian(frame, reference, dir, &failures)
        try benchMemory()
        if !failures.isEmpty {
            throw ValidationError("results differ from the references beyond tolerance: " + failures.joined(separator: "; "))
        }
    }

    // MARK: Azimuthal integration

    static let geometry = DetectorGeometry(rows: rows, columns: columns, pixel1: 75e-6, pixel2: 75e-6, distance: 0.2,
                                           poni1: 500.3 * 75e-6, poni2: 520.7 * 75e-6, wavelength: 1e-10)

    func benchAzimuthal(_ frame: DenseArray<Float>, _ reference: [String: Any], _ dir: URL, _ failures: inout [String]) throws {
        for (name, method, label) in [("bbox_csr", AzimuthalIntegrator.Method.boundingBoxCSR, "pyFAI csr (bbox)"),
                                      ("nosplit_csr", .noSplitCSR, "pyFAI nosplit_csr")] {
            let clock = ContinuousClock()
            var integrator: AzimuthalIntegrator?
            let build = clock.measure {
                integrator = try? AzimuthalIntegrator(geometry: Self.geometry, configuration: .init(bins: bins, method: method))
            }
            guard let integrator else { throw ValidationError("cannot build the \(name) integrator") }
            var profile = try integrator.integrate(frame)
            let ours = try best { profile = try integrator.integrate(frame) }
            var agreement = "-"
            let refSeconds = reference[name] as? Double
            if refSeconds != nil {
                let radial = try Self.read(Double.self, dir.appendingPathComponent("\(name)_radial.bin"))
                let intensity = try Self.read(Float.self, dir.appendingPathComponent("\(name)_intensity.bin")).map(Double.init)
                // The reference cases' tolerances: radial rtol 1e-7 (bbox) / 1e-12 (no split);
                // intensity |I − ref| ≤ 1e-5·|ref| + 1e-6·max|ref|.
                let radialErr = Self.relativeToMax(profile.radial, radial)
                let maxRef = intensity.map(abs).max() ?? 0
                let excess = Self.excess(profile.intensity.map(Double.init), intensity, rtol: 1e-5, atol: 1e-6 * maxRef)
                let radialTol = method == .boundingBoxCSR ? 1e-7 : 1e-12
                agreement = String(format: "intensity %.3f of tol, radial %.1e", excess, radialErr)
                if excess > 1 || radialErr > radialTol { failures.append("azimuthal \(name): \(agreement)") }
            }
            print(Self.row(["azimuthal \(Self.rows)² \(name) npt \(bins)", ms(ours), fps(ours), label,
                            refSeconds.map(ms) ?? "-", refSeconds.map(fps) ?? "-",
                            refSeconds.map { String(format: "%.1f×", $0 / ours) } ?? "-", agreement]))
            let first = (reference["\(name)_first_call"] as? Double).map { ", pyFAI first call (builds its CSR) \(ms($0)) ms" } ?? ""
            print("    table: \(integrator.tableEntries) entries, built in \(ms(seconds(build))) ms\(first)")
        }
    }

    // MARK: Gaussian

    func benchGaussian(_ frame: DenseArray<Float>, _ reference: [String: Any], _ dir: URL, _ failures: inout [String]) throws {
        let expected = reference["gaussian"] != nil
            ? try Self.read(Float.self, dir.appendingPathComponent("gauss.bin")).map(Double.init) : nil
        let maxInput = frame.values.map { abs(Double($0)) }.max() ?? 0
        for accumulation in [GaussianFilter.Accumulation.single, .double] {
            let filter = try GaussianFilter(sigma: sigma, accumulation: accumulation)
            var scratch = GaussianFilter.Scratch()
            var out = [Float](repeating: 0, count: frame.count)
            let ours = try frame.withUnsafeBufferPointer { input in
                try out.withUnsafeMutableBufferPointer { output in
                    try best { filter.apply(input, rows: Self.rows, columns: Self.columns, into: output, scratch: &scratch) }
                }
            }
            var agreement = "-"
            if let expected {
                // The reference cases' Gaussian tolerance: rtol 1e-6 + 2e-6·max|input|.
                let got = out.map(Double.init)
                let excess = Self.excess(got, expected, rtol: 1e-6, atol: 2e-6 * maxInput)
                agreement = got == expected ? "bit-identical" : String(format: "%.3f of tol", excess)
                if excess > 1 { failures.append("gaussian \(accumulation): \(agreement)") }
            }
            let refSeconds = reference["gaussian"] as? Double
            print(Self.row(["gaussian σ=\(sigma) \(Self.rows)² f32, \(accumulation) sums", ms(ours), fps(ours),
                            "scipy gaussian_filter", refSeconds.map(ms) ?? "-", refSeconds.map(fps) ?? "-",
                            refSeconds.map { String(format: "%.1f×", $0 / ours) } ?? "-", agreement]))
        }
    }

    // MARK: Memory-bound kernels

    func benchMemory() throws {
        let frame = 16 * 512 * 128
        let count = pulses * frame
        let bytes = count * MemoryLayout<Float>.size
        print("")
        print("Memory-bound kernels on an AGIPD-like train: \(pulses) pulses × 16 modules × 512 × 128 float32 "
              + String(format: "(%.0f MB). Bandwidth = bytes read + written per second.", Double(bytes) / 1e6))
        let source = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        let target = UnsafeMutableBufferPointer<Float>.allocate(capacity: count)
        defer { source.deallocate(); target.deallocate() }
        for i in 0..<count { source[i] = Float(i % 4093) * 0.5 }
        target.initialize(repeating: 0)

        let copy = try best { memcpy(target.baseAddress!, source.baseAddress!, bytes) }
        let copyRate = Double(2 * bytes) / copy

        let train = try DenseArray<Float>(shape: [pulses, 16, 512, 128]) { out in
            _ = out.initialize(fromContentsOf: source)
        }
        var recorder = try DarkRecorder(trains: 1)
        try recorder.add(train)
        let dark = try recorder.dark()
        let subtract = try best { dark.subtract(UnsafeBufferPointer(source), into: target) }
        let subtractRate = Double(3 * bytes) / subtract
        let allocating = try best { _ = try dark.subtract(from: train) }

        let meanFrame = try best { _ = try train.pulseMean() }
        let meanRate = Double(bytes + frame * 4) / meanFrame

        print(Self.row(["kernel", "ms", "GB/s", "% of memcpy"], widths: [44, 10, 10, 12]))
        print(Self.row(["memcpy (glibc)", ms(copy), gbs(copyRate), "100 %"], widths: [44, 10, 10, 12]))
        print(Self.row(["dark subtraction into a buffer (3 streams)", ms(subtract), gbs(subtractRate),
                        String(format: "%.0f %%", subtractRate / copyRate * 100)], widths: [44, 10, 10, 12]))
        print(Self.row(["dark subtraction, new array (allocating)", ms(allocating), gbs(Double(3 * bytes) / allocating),
                        String(format: "%.0f %%", Double(3 * bytes) / allocating / copyRate * 100)], widths: [44, 10, 10, 12]))
        print(Self.row(["pulse mean over \(pulses) pulses (Double sums)", ms(meanFrame), gbs(meanRate),
                        String(format: "%.0f %%", meanRate / copyRate * 100)], widths: [44, 10, 10, 12]))
    }

    // MARK: Reference process

    func runReference(framePath: String, outDir: String) throws -> [String: Any] {
        let python = self.python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        let script = "scripts/bench_operators.py"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [script, framePath, "\(Self.rows)", "\(Self.columns)", outDir, "\(repeats)", "\(bins)", "\(sigma)"]
        var environment = ProcessInfo.processInfo.environment
        environment["OMP_NUM_THREADS"] = "1"
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0,
              let line = output.split(separator: "\n").first(where: { $0.hasPrefix("RESULT ") }),
              let json = try JSONSerialization.jsonObject(with: Data(line.dropFirst(7).utf8)) as? [String: Any] else {
            throw ValidationError("the reference script failed (\(python) \(script)): \(output)")
        }
        return json
    }

    // MARK: Helpers

    /// A deterministic 1024² diffraction-like frame: rings in q on a falling background, with noise.
    static func ringFrame(rows: Int, columns: Int) -> DenseArray<Float> {
        let q = try! geometry.radialMap(unit: .qPerNanometre).values
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        return try! DenseArray(shape: [rows, columns]) { out in
            for i in 0..<out.count {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                let noise = Double(state >> 11) / Double(1 << 53) - 0.5
                var v = 50 + 400 * Foundation.exp(-q[i] / 5)
                for (centre, height) in [(3.0, 300.0), (7.5, 150.0), (12.0, 80.0)] {
                    v += height * Foundation.exp(-0.5 * ((q[i] - centre) / 0.2) * ((q[i] - centre) / 0.2))
                }
                out[i] = Float(v + noise * 2 * v.squareRoot())
            }
        }
    }

    func best(_ body: () throws -> Void) throws -> Double {
        try body()
        var fastest = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<max(repeats, 1) {
            var failure: Error?
            let elapsed = clock.measure { do { try body() } catch { failure = error } }
            if let failure { throw failure }
            fastest = min(fastest, seconds(elapsed))
        }
        return fastest
    }

    func seconds(_ d: Duration) -> Double {
        Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
    }

    func ms(_ s: Double) -> String { String(format: "%.2f", s * 1000) }
    func fps(_ s: Double) -> String { String(format: "%.0f", 1 / s) }
    func gbs(_ rate: Double) -> String { String(format: "%.1f", rate / 1e9) }

    static func row(_ cells: [String], widths: [Int] = [44, 9, 7, 24, 9, 8, 10, 30]) -> String {
        zip(cells, widths).map { cell, width in
            cell.count >= width ? cell + " " : cell + String(repeating: " ", count: width - cell.count)
        }.joined()
    }

    static func read<T>(_: T.Type, _ url: URL) throws -> [T] {
        let data = try Data(contentsOf: url)
        return data.withUnsafeBytes { raw in Array(raw.bindMemory(to: T.self)) }
    }

    static func relativeToMax(_ got: [Double], _ ref: [Double]) -> Double {
        guard got.count == ref.count else { return .infinity }
        let scale = ref.map(abs).max() ?? 0
        let worst = zip(got, ref).map { abs($0 - $1) }.max() ?? 0
        return scale == 0 ? worst : worst / scale
    }

    static func excess(_ got: [Double], _ ref: [Double], rtol: Double, atol: Double) -> Double {
        guard got.count == ref.count else { return .infinity }
        var worst = 0.0
        for (g, r) in zip(got, ref) where g != r {
            if g.isNaN || r.isNaN { return .infinity }
            worst = max(worst, abs(g - r) / (rtol * abs(r) + atol))
        }
        return worst
    }
}
