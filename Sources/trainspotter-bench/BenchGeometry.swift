import ArgumentParser
import Foundation
import Operators

/// `trainspotter bench geometry`: assembling AGIPD-1M trains from a `.geom` beside `memcpy` and
/// EXtra-geom's `position_modules_fast`, and integration from the geometry beside pyFAI `csr`
/// on `to_pyfai_detector()`, all measured in the same run on the same data, one thread.
struct BenchGeometry: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "geometry",
        abstract: "Assembly from a .geom vs memcpy and EXtra-geom position_modules_fast; integration from geometry vs pyFAI csr.")

    @Option(help: "Pulses per AGIPD-1M train (16 × 512 × 128 float32 each).")
    var pulses = 64

    @Option(help: "Timed calls per case (the best one counts, for ours and the references alike).")
    var repeats = 20

    @Option(help: "Radial bins of the integration.")
    var bins = 500

    @Option(help: "Python with extra_geom and pyFAI (default: $TRAINSPOTTER_PYTHON or .venv/bin/python).")
    var python: String?

    func run() async throws {
        print("Geometry benchmark: release build, one thread, best of \(repeats) calls; references measured in this run.")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-geometry-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let reference = try runReference(dir.path)
        if let v = reference["versions"] as? [String: String] {
            print("references: EXtra-geom \(v["extra_geom"] ?? "?"), pyFAI \(v["pyFAI"] ?? "?"), numpy \(v["numpy"] ?? "?")")
        }
        let geometry = try PanelGeometry.load(crystFEL: dir.appendingPathComponent("agipd.geom").path)
        let frame = 16 * 512 * 128
        let count = pulses * frame
        let train = try DenseArray<Float>(shape: [pulses, 16, 512, 128]) { out in
            for i in 0..<count { out[i] = Float(i % 4093) * 0.5 }
        }
        var failures: [String] = []

        // Assembly.
        let assembly = try GeometryAssembly(geometry: geometry)
        var images = try assembly.assemble(train)
        let ours = try best { images = try assembly.assemble(train) }
        let expected = try BenchOperators.read(Float.self, dir.appendingPathComponent("assembled0.bin"))
        let first = images.withUnsafeBufferPointer { Array($0[0..<(assembly.rows * assembly.columns)]) }
        let identical = first.count == expected.count && zip(first, expected).allSatisfy { $0 == $1 || ($0.isNaN && $1.isNaN) }
        if !identical { failures.append("assembly differs from position_modules") }
        let inBytes = count * 4, outBytes = pulses * assembly.rows * assembly.columns * 4
        let source = UnsafeMutableRawBufferPointer.allocate(byteCount: inBytes, alignment: 64)
        let target = UnsafeMutableRawBufferPointer.allocate(byteCount: inBytes, alignment: 64)
        defer { source.deallocate(); target.deallocate() }
        source.initializeMemory(as: UInt8.self, repeating: 1)
        target.initializeMemory(as: UInt8.self, repeating: 0)
        let copy = try best { memcpy(target.baseAddress!, source.baseAddress!, inBytes) }
        let copyRate = Double(2 * inBytes) / copy
        let ourRate = Double(inBytes + outBytes) / ours
        print("assembly, AGIPD-1M \(pulses) pulses → \(pulses) × \(assembly.rows) × \(assembly.columns) ("
              + (identical ? "identical to" : "DIFFERS from") + " position_modules):")
        print(String(format: "  ours (new array)           %8.2f ms  %6.1f GB/s (read + write)  %5.0f %% of memcpy", ours * 1e3, ourRate / 1e9, ourRate / copyRate * 100))
        print(String(format: "  memcpy of the input        %8.2f ms  %6.1f GB/s", copy * 1e3, copyRate / 1e9))
        for (key, label) in [("position_modules_fast", "position_modules_fast(out=)"), ("position_modules_fast_alloc", "position_modules_fast")] {
            if let t = reference[key] as? Double {
                let name = "  EXtra-geom " + label
                print(name.padding(toLength: 42, withPad: " ", startingAt: 0)
                      + String(format: "%8.2f ms  %6.1f GB/s  ours %.1f× faster per frame", t * 1e3, Double(inBytes + outBytes) / t / 1e9, t / ours))
            }
        }

        // Integration from the geometry.
        let placed = try PanelIntegrationGeometry(panels: geometry)
        let clock = ContinuousClock()
        var integrator: AzimuthalIntegrator?
        let build = clock.measure { integrator = try? AzimuthalIntegrator(panels: placed, configuration: .init(bins: bins)) }
        guard let integrator else { throw ValidationError("cannot build the integrator") }
        let module = try DenseArray<Float>(shape: [16, 512, 128]) { out in for i in 0..<frame { out[i] = Float(i % 4093) * 0.5 } }
        var profile = try integrator.integrate(module)
        let integrate = try best { profile = try integrator.integrate(module) }
        let radial = try BenchOperators.read(Double.self, dir.appendingPathComponent("radial.bin"))
        let intensity = try BenchOperators.read(Float.self, dir.appendingPathComponent("intensity.bin")).map(Double.init)
        let maxRef = intensity.map(abs).max() ?? 0
        let excess = BenchOperators.excess(profile.intensity.map(Double.init), intensity, rtol: 1e-5, atol: 1e-6 * maxRef)
        let radialErr = BenchOperators.relativeToMax(profile.radial, radial)
        if excess > 1 || radialErr > 1e-7 { failures.append(String(format: "integration: intensity %.3f of tol, radial %.1e", excess, radialErr)) }
        print(String(format: "integration from geometry, AGIPD-1M module data, bbox csr, %d bins (intensity %.3f of tolerance, radial %.1e):", bins, excess, radialErr))
        print(String(format: "  ours                       %8.2f ms  (table %d entries, built in %.0f ms)", integrate * 1e3, integrator.tableEntries,
                     Double(build.components.attoseconds) * 1e-15 + Double(build.components.seconds) * 1e3))
        if let t = reference["csr"] as? Double {
            print(String(format: "  pyFAI csr                  %8.2f ms  ours %.1f× faster (pyFAI first call %.0f ms)", t * 1e3, t / integrate,
                         (reference["csr_first_call"] as? Double ?? 0) * 1e3))
        }
        if !failures.isEmpty { throw ValidationError("results differ from the references: " + failures.joined(separator: "; ")) }
    }

    func runReference(_ outDir: String) throws -> [String: Any] {
        let python = self.python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["scripts/bench_geometry.py", outDir, "\(pulses)", "\(repeats)", "\(bins)"]
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
            throw ValidationError("the reference script failed (\(python) scripts/bench_geometry.py): \(output)")
        }
        return json
    }

    func best(_ body: () throws -> Void) throws -> Double {
        try body()
        var fastest = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<max(repeats, 1) {
            var failure: Error?
            let elapsed = clock.measure { do { try body() } catch { failure = error } }
            if let failure { throw failure }
            fastest = min(fastest, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
        }
        return fastest
    }
}
