import ArgumentParser
import Foundation
import Operators

/// `trainspotter bench reductions`: peakfinder8 beside ondamonitor's compiled peakfinder_8 and
/// droplets beside scipy.ndimage label + measurements, same frames, same run, one thread.
struct BenchReductions: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reductions",
        abstract: "peakfinder8 vs ondamonitor, droplets vs scipy.ndimage, on 1024² frames, one thread.")

    @Option(help: "Timed calls per case (the best one counts, for ours and the references alike).")
    var repeats = 20

    @Option(help: "Python with ondamonitor and scipy (default: $TRAINSPOTTER_PYTHON or .venv/bin/python).")
    var python: String?

    static let rows = 1024, columns = 1024

    func run() async throws {
        print("Reductions benchmark: release build, one thread, best of \(repeats) calls; references measured in this run.")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("bench-reductions-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        var failures: [String] = []

        // peakfinder8: Poisson-like background on a radial profile and 300 Gaussian peaks.
        let crystal = Self.crystalFrame()
        let crystalPath = dir.appendingPathComponent("crystal.bin")
        try Data(crystal.values.withUnsafeBytes { Array($0) }).write(to: crystalPath)
        let radius = try RadiusMap.flat(rows: Self.rows, columns: Self.columns, poni1: Double(Self.rows) / 2, poni2: Double(Self.columns) / 2,
                                        pixel1: 1, pixel2: 1)
        let finder = try PeakFinder8(radius: radius, panels: .single(rows: Self.rows, columns: Self.columns),
                                     parameters: .init(adcThreshold: 0, minimumSNR: 4, minPixelCount: 2, maxPixelCount: 50,
                                                       localBackgroundRadius: 3))
        var peaks = try finder.find(in: crystal)
        let ours = try best { peaks = try finder.find(in: crystal) }
        let ref = try reference(["Tests/Peers/red_pf8.py", "bench", crystalPath.path, "\(Self.rows)", "\(Self.columns)", "\(repeats)"])
        let refMs = ref["best_ms"] as? Double ?? .nan, refPeaks = ref["peaks"] as? Int ?? -1
        let fs = ref["fs"] as? [Double] ?? [], ss = ref["ss"] as? [Double] ?? []
        let worst = zip(peaks.peaks, zip(fs, ss)).map { max(abs(Double($0.fs) - $1.0), abs(Double($0.ss) - $1.1)) }.max() ?? 0
        let agree = peaks.peaks.count == refPeaks && worst < 1e-3
        if !agree { failures.append("peakfinder8: \(peaks.peaks.count) peaks vs \(refPeaks), worst position \(worst)") }
        print(String(format: "peakfinder8 1024², %d peaks: ours %.2f ms, ondamonitor %.2f ms (%d peaks), ratio %.2f×, positions within %.1e px",
                     peaks.peaks.count, ours * 1000, refMs, refPeaks, refMs / (ours * 1000), worst))

        // droplets: a sparse photon frame (0.01 photons/pixel, 100 ADU, shared over 2×2 pixels).
        let photons = Self.photonFrame()
        let photonPath = dir.appendingPathComponent("photons.bin")
        try Data(photons.values.withUnsafeBytes { Array($0) }).write(to: photonPath)
        let droplets = try DropletFinder(threshold: 30)
        var list = try droplets.find(in: photons)
        let dropletMs = try best { list = try droplets.find(in: photons) }
        let dref = try reference(["Tests/Peers/red_droplets.py", "bench", photonPath.path, "\(Self.rows)", "\(Self.columns)", "30", "\(repeats)"])
        let drefMs = dref["best_ms"] as? Double ?? .nan, drefCount = dref["droplets"] as? Int ?? -1
        let aduSum = list.droplets.reduce(0) { $0 + $1.adu }, refADU = dref["adu"] as? Double ?? .nan
        let dagree = list.allCount == drefCount && abs(aduSum - refADU) <= 1e-9 * abs(refADU)
        if !dagree { failures.append("droplets: \(list.allCount) vs \(drefCount), Σadu \(aduSum) vs \(refADU)") }
        print(String(format: "droplets 1024², %d droplets: ours %.2f ms, scipy label+sum+com+find_objects %.2f ms (%d), ratio %.1f×",
                     list.allCount, dropletMs * 1000, drefMs, drefCount, drefMs / (dropletMs * 1000)))
        if !failures.isEmpty { throw ValidationError("results differ from the references: " + failures.joined(separator: "; ")) }
    }

    func reference(_ arguments: [String]) throws -> [String: Any] {
        let python = self.python ?? ProcessInfo.processInfo.environment["TRAINSPOTTER_PYTHON"] ?? ".venv/bin/python"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = arguments
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
            throw ValidationError("the reference script failed (\(python) \(arguments.joined(separator: " "))): \(output)")
        }
        return json
    }

    func best(_ body: () throws -> Void) throws -> Double {
        var fastest = Double.infinity
        let clock = ContinuousClock()
        for _ in 0..<max(repeats, 1) {
            var failure: Error?
            let d = clock.measure { do { try body() } catch { failure = error } }
            if let failure { throw failure }
            fastest = min(fastest, Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18)
        }
        return fastest
    }

    struct LCG {
        var state: UInt64
        mutating func uniform() -> Double {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Double(state >> 11) / Double(1 << 53)
        }
    }

    static func crystalFrame() -> DenseArray<Float> {
        var rng = LCG(state: 14)
        var v = [Float](repeating: 0, count: rows * columns)
        for i in 0..<rows {
            for j in 0..<columns {
                let r = (Double(i) + 0.5 - 512).hypot(Double(j) + 0.5 - 512)
                let mean = 40 * Foundation.exp(-r / 300) + 5
                v[i * columns + j] = Float(mean + (rng.uniform() - 0.5) * 3.46 * mean.squareRoot())
            }
        }
        for _ in 0..<300 {
            let y = 4 + rng.uniform() * Double(rows - 8), x = 4 + rng.uniform() * Double(columns - 8)
            let s = 0.6 + rng.uniform() * 0.6, a = 30 + rng.uniform() * 400
            for i in Int(y) - 3...Int(y) + 3 {
                for j in Int(x) - 3...Int(x) + 3 {
                    let d2 = (Double(i) - y) * (Double(i) - y) + (Double(j) - x) * (Double(j) - x)
                    v[i * columns + j] += Float(a * Foundation.exp(-d2 / (2 * s * s)))
                }
            }
        }
        return try! DenseArray(shape: [rows, columns], values: v)
    }

    static func photonFrame() -> DenseArray<Float> {
        var rng = LCG(state: 141)
        var v = [Float](repeating: 0, count: rows * columns)
        for i in v.indices { v[i] = Float((rng.uniform() - 0.5) * 10) }
        for _ in 0..<(rows * columns / 100) {
            let y = rng.uniform() * Double(rows - 1), x = rng.uniform() * Double(columns - 1)
            let y0 = Int(y), x0 = Int(x), fy = y - Double(y0), fx = x - Double(x0)
            for (dy, wy) in [(0, 1 - fy), (1, fy)] {
                for (dx, wx) in [(0, 1 - fx), (1, fx)] { v[(y0 + dy) * columns + x0 + dx] += Float(100 * wy * wx) }
            }
        }
        return try! DenseArray(shape: [rows, columns], values: v)
    }
}

private extension Double {
    func hypot(_ other: Double) -> Double { (self * self + other * other).squareRoot() }
}
