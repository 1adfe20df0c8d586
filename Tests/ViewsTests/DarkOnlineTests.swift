import Foundation
import KaraboBridge
import Operators
import Testing
import Views

/// The `dark` view on online AGIPD-like data `(modules, fs, ss, pulses)`: reordered and
/// subtracted in one pass into reused buffers; results equal the two-step operators and a result
/// still held downstream is never overwritten by a later train.
@Suite struct DarkOnlineTests {
    typealias T = OperatorWrapperTests
    static let shape = [2, 40, 3, 5]   // modules, fs (more than one gather group of 8, a partial one), ss, pulses

    static func values(_ seed: Int) -> [Float] {
        (0..<shape.reduce(1, *)).map { Float(($0 * 7 + seed * 13) % 101) + Float(seed) * 0.5 }
    }

    static func train(_ id: UInt64, _ seed: Int) -> Train {
        T.train(id, ["a": .array(.float32(values(seed), shape: shape))])
    }

    @Test func onlineSubtractionMatchesTheOperatorsAndKeepsHeldResults() async throws {
        let yaml = """
        views:
          dark:
            operator: dark
            input: D[a]
            params: {trains: 2, layout: online}
          mean:
            operator: pulse_mean
            input: view:dark
            params: {layout: file}
        """
        let runner = try ViewRunner(definitions: try ViewsFile.parse(yaml), library: .builtIn)
        let reply = await runner.handle(try ControlCommand(text: Data(#"{"dark": {"view": "dark", "action": "record"}}"#.utf8)))
        #expect(reply.text.contains("recording"))
        await runner.process(Self.train(1, 1))
        await runner.process(Self.train(2, 2))
        // The expected dark and results, from the Operators calls one at a time.
        var recorder = try DarkRecorder(trains: 2)
        for seed in [1, 2] {
            _ = try recorder.add(try DenseArray<Float>(pulsesFirst: .float32(Self.values(seed), shape: Self.shape), layout: .online))
        }
        let dark = try recorder.dark()
        var held: [(seed: Int, value: ViewValue)] = []
        for (i, seed) in [3, 4, 5, 6].enumerated() {
            let report = await runner.process(Self.train(UInt64(3 + i), seed))
            let value = try #require(report.value("dark"))
            held.append((seed, value))
            #expect(report.failures.isEmpty)
        }
        // All four results, the first ones kept while later trains were processed, are intact.
        for (seed, value) in held {
            let expected = try dark.subtract(from: try DenseArray<Float>(pulsesFirst: .float32(Self.values(seed), shape: Self.shape), layout: .online))
            #expect(value.ndarray?.shape == [5, 2, 3, 40])
            #expect(T.doubles(value) == expected.values.map(Double.init), "train of seed \(seed)")
        }
    }
}
