import ByteSlices
import KaraboBridge
import Simulator
import Testing

/// The content model without sockets: determinism, options, shapes.
@Suite struct SimulationTests {
    static func simulation(seed: UInt64, _ configure: (inout SimulatorConfiguration) -> Void = { _ in }) throws -> Simulation {
        var c = SimulatorConfiguration()
        c.pulses = 2
        c.poolMegabytes = 20
        c.detector = .agipdModule
        c.raw = true
        c.seed = seed
        c.sources = [.detector, .camera, .xgm, .laser]
        configure(&c)
        return try Simulation(c)
    }

    @Test func sameSeedSameTrainsOtherSeedOtherTrains() throws {
        let a = try Self.simulation(seed: 1), b = try Self.simulation(seed: 1), other = try Self.simulation(seed: 2)
        for tid in [UInt64(10_000_000_000), 10_000_000_007] {
            let ta = a.train(a.plan(trainID: tid, timestamp: 5)), tb = b.train(b.plan(trainID: tid, timestamp: 5))
            let to = other.train(other.plan(trainID: tid, timestamp: 5))
            #expect(ta == tb, "same seed, same train \(tid)")
            let name = DetectorKind.agipdModule.sourceName(raw: true)
            #expect(ta[name]?.array("image.data") != to[name]?.array("image.data"), "another seed gives other pixels")
            #expect(ta[SourceNames.camera]?.array("data.image.pixels") != to[SourceNames.camera]?.array("data.image.pixels"))
        }
        let t0 = a.train(a.plan(trainID: 10_000_000_000, timestamp: 5)), t1 = a.train(a.plan(trainID: 10_000_000_001, timestamp: 5))
        #expect(t0[SourceNames.xgmOutput]?.array("data.intensityTD") != t1[SourceNames.xgmOutput]?.array("data.intensityTD"))
    }

    @Test func arraysAreViewsOfThePool() throws {
        let s = try Self.simulation(seed: 3)
        let name = DetectorKind.agipdModule.sourceName(raw: true)
        let plan = s.plan(trainID: 10_000_000_002, timestamp: 1)
        let first = try #require(s.train(plan)[name]?.array("image.data"))
        let again = try #require(s.train(plan)[name]?.array("image.data"))
        #expect(first.buffer.isSameMemory(as: again.buffer), "no per-train copy of detector data")
        let frames = BridgeEncoder().encode(s.train(plan))
        #expect(frames.contains { $0.storage === first.buffer.storage }, "2.2 frames send the pool's memory")
    }

    @Test func pythonStyleMetadata() throws {
        let s = try Self.simulation(seed: 0)
        let train = s.train(s.plan(trainID: 10_000_000_005, timestamp: 1795262578.6187243))
        let meta = try #require(train[SourceNames.xgmControl]?.metadata)
        #expect(Array(meta.entries.keys) == ["source", "timestamp", "timestamp.tid", "timestamp.sec", "timestamp.frac"])
        #expect(meta.entries["timestamp.sec"] == .string("1795262578"))
        #expect(meta.entries["timestamp.frac"] == .string("618724300000000000"))
        #expect(meta.trainID == 10_000_000_005)
    }

    @Test func invalidOptionsAreRejected() {
        var c = SimulatorConfiguration()
        c.detector = .agipdModule
        #expect(throws: SimulatorError.self) { try c.validate() }
        c = SimulatorConfiguration()
        c.faults.drop = 1.5
        #expect(throws: SimulatorError.self) { try c.validate() }
        #expect(throws: SimulatorError.self) { try SourceKind.parseList("detector,nonsense") }
    }

    @Test func sourceRulesSplitAtTheLastColon() throws {
        let rule = try SourceRule<Int>.parse("SPB_DET_AGIPD1M-1/DET/0CH0:xtdf:3", option: "--late-source")
        #expect(rule == SourceRule(pattern: "SPB_DET_AGIPD1M-1/DET/0CH0:xtdf", value: 3))
        let p = try SourceRule<Double>.parse("xgm:0.25", option: "--missing-source")
        #expect(p.pattern == "xgm" && p.value == 0.25)
        #expect(throws: SimulatorError.self) { try SourceRule<Int>.parse("xgm", option: "--late-source") }
        #expect(SourceSelector.matches("SA1_XTD2_XGM/*", name: SourceNames.xgmOutput, kind: .xgm))
        #expect(!SourceSelector.matches("camera", name: SourceNames.xgmOutput, kind: .xgm))
    }

    @Test func perPulseLaserPattern() throws {
        let s = try Self.simulation(seed: 4) { $0.laser = .pulse; $0.pulses = 5 }
        for tid in UInt64(10_000_000_000)..<10_000_000_004 {
            let laser = try #require(s.train(s.plan(trainID: tid, timestamp: 1))[SourceNames.laser])
            #expect(laser.array("data.laserOn")?.integers() == [0, 1, 0, 1, 0])
            #expect(laser["data.pumped"] == .bool(true))
        }
    }
}
