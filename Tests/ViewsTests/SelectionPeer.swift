import Foundation
import KaraboBridge
import TestSupport
import Views

/// Runs `Tests/Peers/select_reference.py` (smalldata_tools filter semantics, numpy, scipy) once per mode.
enum SelectionPeer {
    static func run(_ mode: String) async throws -> JSONValue {
        let result = try await TestSupport.run(TestEnvironment.python,
                                               [TestEnvironment.peersDirectory.appendingPathComponent("select_reference.py").path, mode],
                                               timeout: 120)
        guard result.status == 0 else { throw VectorError("select_reference.py \(mode) failed:\n\(result.stderr)") }
        return try JSONValue.parse(result.stdout)
    }

    static let filters = Task<JSONValue, Error> { try await run("filters") }
    static let expressions = Task<JSONValue, Error> { try await run("expressions") }
    static let cubes = Task<JSONValue, Error> { try await run("cubes") }
}

extension JSONValue {
    /// A number, with the peer's "nan" / "inf" / "-inf" strings.
    var number: Double? {
        if let d = double { return d }
        switch string {
        case "nan": return .nan
        case "inf": return .infinity
        case "-inf": return -.infinity
        default: return nil
        }
    }

    /// A list of numbers (nested lists flattened in order).
    var numbers: [Double] {
        guard let items = array else { return number.map { [$0] } ?? [] }
        return items.flatMap(\.numbers)
    }
}

/// Comparisons of float lists with NaN and infinities matching exactly.
enum Close {
    static func excess(_ got: [Double], _ expected: [Double], rtol: Double, atol: Double) -> Double {
        guard got.count == expected.count else { return .infinity }
        var worst = 0.0
        for (g, e) in zip(got, expected) {
            if e.isNaN || g.isNaN { if e.isNaN != g.isNaN { return .infinity }; continue }
            if e.isInfinite || g.isInfinite { if e != g { return .infinity }; continue }
            worst = max(worst, abs(g - e) / (atol + rtol * abs(e)))
        }
        return worst
    }
}

/// Trains built from named scalar and array values: `SRC/NAME[value]`.
enum SelectionTrains {
    static func train(_ id: UInt64, _ values: [String: Value]) -> Train {
        var sources: [SourceData] = []
        for (name, value) in values.sorted(by: { $0.key < $1.key }) {
            var s = SourceData(name: "SRC/\(name)", metadata: Metadata(source: "SRC/\(name)", trainID: id, timestamp: 1_700_000_000 + Double(id) / 10))
            s.data["value"] = value
            sources.append(s)
        }
        return Train(sources: sources)
    }

    static func graph(_ yaml: String) throws -> ActiveGraph {
        ActiveGraph(try ViewGraph(try ViewsFile.parse(yaml, file: "sel.yaml"), library: .builtIn))
    }
}
