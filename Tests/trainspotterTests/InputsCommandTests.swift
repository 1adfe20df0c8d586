import Foundation
import TestSupport
import Testing

/// `compare`, `replay --shuffle-sources/--split-sources`, `simulate --like` and
/// `monitor --connect A --connect B` (train matching) as a user runs them.
@Suite(.serialized) struct InputsCommandTests {
    /// An EXtra-data mock run (10 trains 10000…10009, 5 sources: XGM, camera, one AGIPD module).
    func mockRun() async throws -> URL {
        let directory = try TestEnvironment.temporaryDirectory("inputs-mock")
        let maker = try ChildProcess.python("rec_make_mock.py", [directory.path])
        try await maker.succeed(timeout: 120)
        return directory
    }

    func copy(_ directory: URL) throws -> URL {
        let target = try TestEnvironment.temporaryDirectory("inputs-copy").appendingPathComponent("run")
        try FileManager.default.copyItem(at: directory, to: target)
        return target
    }

    @Test func compareOfARunWithItselfPasses() async throws {
        let run = try await mockRun()
        let result = try await ChildProcess.trainspotter(["compare", run.path, try copy(run).path]).wait()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("compared 10 trains: 0 differ"))
    }

    @Test func compareNamesTheTrainAndKeyOfAChangedValue() async throws {
        let run = try await mockRun()
        let changed = try copy(run)
        let change = try ChildProcess.python("rec_change_value.py", [
            changed.appendingPathComponent("RAW-R0001-DA01-S00000.h5").path,
            "CONTROL/SA1_XTD2_XGM/DOOCS/MAIN/beamPosition/ixPos/value", "3"])
        try await change.succeed()
        let result = try await ChildProcess.trainspotter(["compare", run.path, changed.path]).wait()
        #expect(result.status == 1, "\(result.stdout)\(result.stderr)")
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("train 10003  SA1_XTD2_XGM/DOOCS/MAIN  beamPosition.ixPos.value: ") == true, "\(result.stdout)")
        #expect(result.stdout.contains("compared 10 trains: 1 differ, 1 differences"))
        // A tolerance wide enough for the change (+1) lets it pass; ignoring the key too.
        let tolerant = try await ChildProcess.trainspotter(["compare", run.path, changed.path, "--atol", "beamPosition.*=1.5"]).wait()
        #expect(tolerant.status == 0, "\(tolerant.stdout)")
        let ignoring = try await ChildProcess.trainspotter(["compare", run.path, changed.path, "--ignore", "beamPosition.ixPos.*"]).wait()
        #expect(ignoring.status == 0, "\(ignoring.stdout)")
        let outside = try await ChildProcess.trainspotter(["compare", run.path, changed.path, "--trains", "10004:"]).wait()
        #expect(outside.status == 0 && outside.stdout.contains("compared 6 trains"), "\(outside.stdout)")
    }

    /// Two replays of one run (one with --shuffle-sources) compared as streams.
    @Test func shuffledReplayComparesEqualToPlainReplay() async throws {
        let run = try await mockRun()
        let (portA, portB) = (TestEnvironment.freePort(), TestEnvironment.freePort())
        let plain = try ChildProcess.trainspotter(["replay", run.path, "--bind", "tcp://127.0.0.1:\(portA)", "-z", "PUSH", "--rate", "20", "--quiet"])
        let shuffled = try ChildProcess.trainspotter(["replay", run.path, "--bind", "tcp://127.0.0.1:\(portB)", "-z", "PUSH", "--rate", "20",
                                                      "--shuffle-sources", "--quiet"])
        try await plain.waitForOutput("replaying")
        try await shuffled.waitForOutput("replaying")
        let result = try await ChildProcess.trainspotter(["compare", "tcp://127.0.0.1:\(portA)", "tcp://127.0.0.1:\(portB)", "-z", "PUSH",
                                                          "--ntrains", "10", "--timeout", "5"]).wait(timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("compared 10 trains: 0 differ"))
        plain.signal()
        shuffled.signal()
    }

    /// --split-sources sends one message per source; matching one input by train ID puts the trains together again.
    @Test func splitSourcesAreMatchedBackIntoTrains() async throws {
        let run = try await mockRun()
        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", run.path, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--rate", "20",
                                                    "--split-sources", "--quiet"])
        try await replay.waitForOutput("replaying")
        let result = try await ChildProcess.trainspotter(["monitor", "--connect", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--ntrains", "10",
                                                          "--match-timeout", "5"]).wait(timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        let trains = result.stdout.split(separator: "\n").filter { $0.hasPrefix("train ") }
        #expect(trains.count == 10)
        // Five sources in every train (XGM and camera, CONTROL and INSTRUMENT each; the AGIPD module).
        #expect(trains.allSatisfy { $0.contains("  5 sources  ") }, "\(result.stdout)")
        #expect(result.stdout.contains("matched 10 · partial 0"))
        replay.signal()
    }

    /// glimpse --json of a stream: per source, its metadata keys and per key its kind, dtype and shape.
    func structure(_ endpoint: String) async throws -> [String: [String: String]] {
        let result = try await ChildProcess.trainspotter(["glimpse", endpoint, "-z", "PUSH", "--json", "--timeout", "20"]).wait(timeout: 60)
        #expect(result.status == 0, "\(result.stderr)")
        let json = try JSONValue.parse(result.stdout)
        var out: [String: [String: String]] = [:]
        for (name, source) in json["sources"]?.object ?? [:] {
            var keys: [String: String] = ["metadata keys": (source["metadata"]?.object?.keys.sorted() ?? []).joined(separator: ",")]
            for (key, value) in source["data"]?.object ?? [:] {
                if let dtype = value["dtype"]?.string {
                    keys[key] = "array \(dtype) \(value["shape"]?.array?.compactMap(\.int) ?? [])"
                } else {
                    switch value {
                    case .int, .uint, .double: keys[key] = "number"
                    case .string: keys[key] = "string"
                    case let .object(map): keys[key] = "map " + map.keys.sorted().joined(separator: ",")
                    case .array: keys[key] = "list"
                    case .bool: keys[key] = "bool"
                    case .null: keys[key] = "null"
                    }
                }
            }
            out[name] = keys
        }
        return out
    }

    func checkSimulateLike(_ path: String) async throws {
        let port = TestEnvironment.freePort()
        let replay = try ChildProcess.trainspotter(["replay", path, "--bind", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--loop", "--quiet"])
        try await replay.waitForOutput("replaying")
        let recorded = try await structure("tcp://127.0.0.1:\(port)")
        replay.signal()
        let simulator = try ChildProcess.trainspotter(["simulate", "0", "-z", "PUSH", "--like", path])
        try await simulator.waitForOutput("Simulated Karabo-bridge server started on:\ntcp://")
        let lines = simulator.stdout.split(separator: "\n").map(String.init)
        let index = try #require(lines.firstIndex(of: "Simulated Karabo-bridge server started on:"))
        let simulated = try await structure(lines[index + 1])
        simulator.signal()
        #expect(!recorded.isEmpty)
        #expect(Set(simulated.keys) == Set(recorded.keys))
        for (name, keys) in recorded {
            #expect(simulated[name] == keys, "source \(name)")
        }
    }

    @Test func simulateLikeAnExtraDataRun() async throws {
        try await checkSimulateLike(try await mockRun().path)
    }

    @Test func simulateLikeARawRecording() async throws {
        let directory = try TestEnvironment.temporaryDirectory("inputs-like-raw")
        let out = directory.appendingPathComponent("rec").path
        let port = TestEnvironment.freePort()
        let record = try ChildProcess.trainspotter(["record", "tcp://127.0.0.1:\(port)", "-z", "PUSH", "--out", out, "--ntrains", "5", "--quiet"])
        let simulator = try ChildProcess.trainspotter(["simulate", String(port), "-z", "PUSH", "--ntrains", "20"] + CommandPeers.smallSimulator)
        try await record.succeed(timeout: 60)
        simulator.signal()
        try await checkSimulateLike(out)
    }

    /// Two simulators (camera; XGM + motor with the XGM's fast output 2 trains late) → every
    /// matched train from one train ID; counts as injected: trains 0…27 matched (28, 29 lack
    /// the late source), 28 late arrivals disagreeing with their message, lag 2.
    @Test func twoBridgesAreMatchedByTrainID() async throws {
        let (portA, portB) = (TestEnvironment.freePort(), TestEnvironment.freePort())
        // The monitor connects first, so no train is sent before a peer is there.
        let monitor = try ChildProcess.trainspotter([
            "monitor", "--connect", "tcp://127.0.0.1:\(portA)", "--connect", "tcp://127.0.0.1:\(portB)", "-z", "PUSH",
            "--ntrains", "28", "-v", "--match-timeout", "5", "--match-window", "64", "--require", "*XGM/DOOCS", "--require", "*XGM/DOOCS:output", "--require", "*MOTOR*",
            "--require", "*CAM*"])
        let small = ["--pool-mb", "20", "--status-every", "3600", "--ntrains", "30"]
        let a = try ChildProcess.trainspotter(["simulate", String(portA), "-z", "PUSH", "--sources", "camera"] + small)
        try await Task.sleep(for: .milliseconds(700))  // started at different times
        let b = try ChildProcess.trainspotter(["simulate", String(portB), "-z", "PUSH", "--sources", "xgm,motor", "--late-source", "SA1_XTD2_XGM/XGM/DOOCS:output:2"] + small)
        let result = try await monitor.wait(timeout: 90)
        a.signal()
        b.signal()
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        var current: UInt64?
        var trains: [UInt64] = []
        var sourceLines = 0
        for line in result.stdout.split(separator: "\n") {
            if line.hasPrefix("train "), let id = UInt64(line.dropFirst(6).prefix { $0 != " " }) {
                current = id
                trains.append(id)
                #expect(line.contains("  4 sources  "), "\(line)")
            } else if line.hasPrefix("  "), let open = line.range(of: " (train "), let id = UInt64(line[open.upperBound...].prefix { $0 != ")" }) {
                #expect(id == current, "\(line) in train \(current ?? 0)")
                sourceLines += 1
            }
        }
        #expect(trains == (0..<28).map { 10_000_000_000 + UInt64($0) })
        #expect(sourceLines == 28 * 4)
        #expect(result.stdout.contains("matched 28 · partial 0"), "\(result.stdout)")
        #expect(result.stdout.contains("disagreeing 28"), "\(result.stdout)")
        #expect(result.stdout.contains("SA1_XTD2_XGM/XGM/DOOCS:output lag 2"), "\(result.stdout)")
    }

    /// `run --connect A --connect B`: a JUNGFRAU on one bridge, XGM + motor on another (started
    /// later, the XGM's fast output 2 trains late). Views built from sources of both bridges
    /// show every processed train's values come from one train ID: the JUNGFRAU's own
    /// `data.trainId` equals the train's, the fast XGM's mean pulse energy equals the slow XGM's
    /// of the same train, the motor is at its position for that train ID (docs/simulator.md).
    @Test func runMatchesTwoBridgesByTrainID() async throws {
        let (portA, portB, out) = (TestEnvironment.freePort(), TestEnvironment.freePort(), TestEnvironment.freePort())
        let directory = try TestEnvironment.temporaryDirectory("run-matched")
        let views = directory.appendingPathComponent("views.yaml")
        try """
        views:
          jungfrau_lag:
            operator: expression
            inputs: {tid: "SPB_IRDA_JF4M/DET/JNGFR01:daqOutput[data.trainId]", t: "train:id"}
            params: {expr: "mean(tid) - t"}
          xgm_mismatch:
            operator: expression
            inputs: {fast: "SA1_XTD2_XGM/XGM/DOOCS:output[data.intensityTD]", n: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.numberOfBunches]",
                     flux: "SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]"}
            params: {expr: "sum(fast) / n - flux"}
          flux:
            operator: pick
            input: SA1_XTD2_XGM/XGM/DOOCS[pulseEnergy.photonFlux]
          motor:
            operator: pick
            input: SPB_IRU_STEER/MOTOR/X[actualPosition]
        """.write(to: views, atomically: true, encoding: .utf8)
        let trains = 20
        // run connects first, so that no train is sent before it is there.
        let run = try ChildProcess.trainspotter([
            "run", "--connect", "tcp://127.0.0.1:\(portA)", "--connect", "tcp://127.0.0.1:\(portB)", "-z", "PUSH",
            "--views", views.path, "--publish", "tcp://127.0.0.1:\(out)", "--publish-socket", "PUSH", "--ntrains", "\(trains)",
            "--match-timeout", "5", "--match-window", "64", "--require", "*JNGFR*", "--require", "*XGM/DOOCS",
            "--require", "*XGM/DOOCS:output", "--require", "*MOTOR*", "--status-interval", "1", "--no-watch"])
        defer { run.signal(SIGKILL) }
        try await run.waitForOutput("matched by train ID", timeout: 60)
        let client = try ChildProcess.python("views_results.py", ["tcp://127.0.0.1:\(out)", "PULL", "\(trains)", "60"])
        let small = ["--pool-mb", "20", "--status-every", "3600", "--ntrains", "30"]
        let a = try ChildProcess.trainspotter(["simulate", String(portA), "-z", "PUSH", "--sources", "jungfrau", "--pulses", "1"] + small)
        defer { a.signal() }
        try await Task.sleep(for: .milliseconds(700))  // started at different times
        let b = try ChildProcess.trainspotter(["simulate", String(portB), "-z", "PUSH", "--sources", "xgm,motor",
                                               "--late-source", "SA1_XTD2_XGM/XGM/DOOCS:output:2"] + small)
        defer { b.signal() }
        let lines = try jsonLines(try await client.succeed(timeout: 90).stdout).filter { $0["views"] != nil }
        let result = try await run.wait(timeout: 60)
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(lines.compactMap { $0["train_id"]?.uint64 } == (0..<UInt64(trains)).map { 10_000_000_000 + $0 })
        var fluxes = Set<Double>()
        for line in lines {
            let t = try #require(line["train_id"]?.uint64)
            let views = try #require(line["views"])
            #expect(views["jungfrau_lag"]?["value"]?.double == 0, "train \(t): \(views)")
            let flux = try #require(views["flux"]?["value"]?.double, "train \(t): \(views)")
            fluxes.insert(flux)
            // float32 pulse energies summed against the float64 mean: a few ulp of float32.
            let mismatch = try #require(views["xgm_mismatch"]?["value"]?.double, "train \(t): \(views)")
            #expect(abs(mismatch) <= 1e-5 * max(1, abs(flux)), "train \(t): fast and slow XGM of different trains (\(mismatch))")
            let n = Double(t - 10_000_000_000).truncatingRemainder(dividingBy: 400)
            let position = n <= 200 ? -2 + 0.02 * n : 2 - 0.02 * (n - 200)
            #expect(abs((views["motor"]?["value"]?.double ?? .nan) - position) < 1e-9, "train \(t): motor of another train")
        }
        // Mixing trains would show: the pulse energies differ from train to train.
        #expect(fluxes.count > trains / 2)
        #expect(result.stdout.contains("partial 0"), "\(result.stdout)")
        #expect(result.stdout.contains("SA1_XTD2_XGM/XGM/DOOCS:output lag 2"), "\(result.stdout)")
    }

    func jsonLines(_ text: String) throws -> [JSONValue] {
        try text.split(separator: "\n").filter { $0.hasPrefix("{") }.map { try JSONValue.parse(String($0)) }
    }
}
