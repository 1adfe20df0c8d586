import Foundation
import KaraboBridge
import Testing
import Views

/// Pump-probe and dark: state across trains, control actions through the runner.
@Suite struct StatefulOperatorTests {
    typealias T = OperatorWrapperTests

    /// Simulator convention (docs/simulator.md §4.5): odd train IDs pumped, ring 0 at 0.7×.
    @Test func pumpProbeByParityAndByLaserFlag() throws {
        let g = try T.graph("""
        views:
          parity:
            operator: pump_probe
            input: D[ring]
            params: {mode: odd_on}
          flag:
            operator: pump_probe
            inputs: {input: "D[ring]", laser: "D[pumped]"}
            params: {mode: laser_flag, output: "on"}
          pulses:
            operator: pump_probe
            input: D[pulses]
            params: {mode: pulses, on: "1::2", off: "0::2"}
        """)
        var reports: [TrainReport] = []
        for id: UInt64 in 11...14 {
            let pumped = id % 2 == 1
            let ring = pumped ? [280.0, 250] : [400.0, 250]
            reports.append(g.process(T.train(id, ["ring": .array(.float64(ring)), "pumped": .bool(pumped),
                                                  "pulses": .array(.float64([400, 250, 280, 250], shape: [2, 2]))])))
        }
        // Parity: the on train 11 pairs with 12; 13 with 14; nothing on the on trains.
        guard case .noValue = reports[0]["parity"]?.outcome else { Issue.record("on train alone gives no value"); return }
        #expect(T.doubles(reports[1].value("parity")) == [-120, 0])
        #expect(T.doubles(reports[3].value("parity")) == [-120, 0])
        // Flag: pairs (11, 12) and (13, 14); the on data are the pumped train's.
        #expect(T.doubles(reports[1].value("flag")) == [280, 250])
        if case .value? = reports[2]["flag"]?.outcome { Issue.record("train 13 waits for its off partner") }
        // Pulse pattern: odd pulses minus even pulses of the same train.
        #expect(T.doubles(reports[0].value("pulses")) == [-120, 0])
    }

    @Test func darkRecordsOnCommandSubtractsAndSaves() async throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("views-dark-\(getpid()).h5").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        let yaml = """
        views:
          dark:
            operator: dark
            input: D[a]
            params: {trains: 2, layout: online, file: "\(file)"}
        """
        let runner = try ViewRunner(definitions: try ViewsFile.parse(yaml), library: .builtIn)
        // Online (x = 2, pulses = 2): pedestal 100·x + pulse, plus the "signal" s.
        func train(_ id: UInt64, _ s: Double) -> Train { T.train(id, ["a": .array(.float64([0 + s, 1 + s, 100 + s, 101 + s], shape: [2, 2]))]) }
        let before = await runner.process(train(1, 0))
        #expect(T.doubles(before.value("dark")) == [0, 100, 1, 101])    // no dark yet: pulses first, unchanged
        let reply = await runner.handle(try ControlCommand(text: Data(#"{"dark": {"view": "dark", "action": "record", "trains": 2}}"#.utf8)))
        #expect(reply.text.contains("recording"))
        await runner.process(train(2, 1))
        await runner.process(train(3, 3))                                  // dark = pedestal + 2 (per pulse, double mean)
        let after = await runner.process(train(4, 2))
        #expect(T.doubles(after.value("dark")) == [0, 0, 0, 0])
        // The dark was written; a new graph loads it at start.
        var loaded: [Double] = []
        for _ in 0..<1000 where loaded != [0, 0, 0, 0] {               // saved off the processing path
            if FileManager.default.fileExists(atPath: file), let g = try? T.graph(yaml) { loaded = T.doubles(g.process(train(5, 2)).value("dark")) }
            if loaded != [0, 0, 0, 0] { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(loaded == [0, 0, 0, 0])
    }
}
