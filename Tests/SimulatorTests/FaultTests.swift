import BridgeSockets
import Foundation
import KaraboBridge
import Simulator
import TestSupport
import Testing

/// Each fault option produces the fault it claims, as a client observes it; the simulator's
/// fault log names exactly the trains affected.
@Suite(.timeLimit(.minutes(3))) struct FaultTests {
    /// A cheap configuration: one raw AGIPD module (2 pulses), the XGM and the motor, PUSH (lossless).
    static func start(_ configure: (inout SimulatorConfiguration) -> Void) async throws -> Simulator {
        try await startSimulator {
            $0.detector = .agipdModule; $0.raw = true; $0.sources = [.detector, .xgm, .motor]
            $0.pattern = .push; $0.ntrains = 30; $0.seed = 5
            configure(&$0)
        }
    }

    static let first: UInt64 = 10_000_000_000
    static let module = DetectorKind.agipdModule.sourceName(raw: true)

    @Test func dropSkipsTrainIDs() async throws {
        let sim = try await Self.start { $0.faults.drop = 0.3 }
        defer { sim.stop() }
        let ids = trainIDs(await drain(try client(for: sim), until: sim))
        let dropped = Set(sim.faults.filter { $0.kind == .drop }.map(\.trainID))
        #expect(!dropped.isEmpty && dropped.count < 30)
        #expect(ids == (0..<30).map { Self.first + $0 }.filter { !dropped.contains($0) })
    }

    @Test func reorderSwapsNeighbours() async throws {
        let sim = try await Self.start { $0.faults.reorder = 0.3 }
        defer { sim.stop() }
        let ids = trainIDs(await drain(try client(for: sim), until: sim))
        let reordered = sim.faults.filter { $0.kind == .reorder }
        #expect(!reordered.isEmpty)
        #expect(Set(ids) == Set((0..<30).map { Self.first + $0 }) && ids.count == 30)
        for fault in reordered where fault.trainID < Self.first + 29 {
            let i = try #require(ids.firstIndex(of: fault.trainID))
            #expect(i > 0 && ids[i - 1] == fault.trainID + 1, "train \(fault.trainID) arrives right after the next one")
        }
        let inversions = zip(ids, ids.dropFirst()).filter { $0 > $1 }.count
        #expect(inversions == reordered.count)
    }

    @Test func duplicateSendsTwice() async throws {
        let sim = try await Self.start { $0.faults.duplicate = 0.3 }
        defer { sim.stop() }
        let ids = trainIDs(await drain(try client(for: sim), until: sim))
        let duplicated = sim.faults.filter { $0.kind == .duplicate }.map(\.trainID)
        #expect(!duplicated.isEmpty)
        #expect(ids.count == 30 + duplicated.count)
        let twice = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count == 2 }.keys.sorted()
        #expect(twice == duplicated.sorted())
    }

    @Test func lateSourceCarriesOlderTrain() async throws {
        let sim = try await Self.start { $0.faults.lateSources = [SourceRule(pattern: SourceNames.xgmOutput, value: 3)] }
        defer { sim.stop() }
        let trains = await drain(try client(for: sim), until: sim).compactMap(\.train)
        #expect(trains.count == 30)
        for train in trains {
            let tid = try #require(train[Self.module]?.trainID)
            let xgm = train[SourceNames.xgmOutput]
            if tid < Self.first + 3 {
                #expect(xgm == nil, "no XGM data before its first late train")
            } else {
                #expect(xgm?.trainID == tid - 3, "train \(tid) carries the XGM data of \(tid - 3)")
            }
            #expect(train[SourceNames.xgmControl]?.trainID == tid, "the control source is on time")
        }
        #expect(sim.faults.filter { $0.kind == .lateSource }.count == 30)
    }

    @Test func missingSourceLeavesSourceOut() async throws {
        let sim = try await Self.start { $0.faults.missingSources = [SourceRule(pattern: "motor", value: 0.4)] }
        defer { sim.stop() }
        let trains = await drain(try client(for: sim), until: sim).compactMap(\.train)
        let missing = Set(sim.faults.filter { $0.kind == .missingSource }.map(\.trainID))
        #expect(!missing.isEmpty && trains.count == 30)
        let observed = Set(trains.filter { $0[SourceNames.motor] == nil }.compactMap(\.trainID))
        #expect(observed == missing)
        #expect(trains.allSatisfy { $0[Self.module] != nil && $0[SourceNames.xgmControl] != nil })
    }

    @Test func emptyTrainsHaveZeroPulses() async throws {
        let sim = try await Self.start { $0.faults.emptyTrains = 0.3 }
        defer { sim.stop() }
        let trains = await drain(try client(for: sim), until: sim).compactMap(\.train)
        let empty = Set(sim.faults.filter { $0.kind == .emptyTrain }.map(\.trainID))
        #expect(!empty.isEmpty && trains.count == 30)
        for train in trains {
            let source = try #require(train[Self.module])
            let isEmpty = empty.contains(try #require(train.trainID))
            #expect(source.array("image.data")?.shape == [128, 512, isEmpty ? 0 : 2])
            #expect(try source.pulses(layout: .online).count == (isEmpty ? 0 : 2))
            let flux = try #require(train[SourceNames.xgmControl]?["pulseEnergy.photonFlux"]?.double)
            #expect((flux == 0) == isEmpty)
        }
    }

    @Test func cellIDMismatchIsDetected() async throws {
        let sim = try await Self.start { $0.faults.cellIDMismatch = true; $0.ntrains = 3 }
        defer { sim.stop() }
        let trains = await drain(try client(for: sim), until: sim).compactMap(\.train)
        #expect(trains.count == 3)
        for train in trains {
            let source = try #require(train[Self.module])
            #expect(source.array("image.cellId")?.shape == [1] && source.array("image.pulseId")?.shape == [2])
            #expect(throws: PulseError.inconsistentPulseCount(source: Self.module, pulseIDs: 2, cellIDs: 1)) {
                try source.pulses(layout: .online)
            }
        }
        #expect(sim.faults.filter { $0.kind == .cellIDMismatch }.map(\.trainID) == trains.compactMap(\.trainID))
    }

    @Test(arguments: [ServerPattern.push, .rep])
    func restartRebindsTheSocket(_ pattern: ServerPattern) async throws {
        let sim = try await Self.start { $0.faults.restartEvery = 4; $0.ntrains = 12; $0.pattern = pattern; $0.rate = 20 }
        defer { sim.stop() }
        let client = try client(for: sim, timeout: 1)
        let ids = trainIDs(await drain(client, until: sim, quiet: 3))
        let restarts = sim.faults.filter { $0.kind == .restart }.map(\.trainID)
        #expect(restarts == [Self.first + 3, Self.first + 7])
        #expect(ids.contains { $0 > Self.first + 8 }, "trains arrive after the second restart: \(ids)")
        #expect(ids.contains { $0 < Self.first + 4 }, "trains arrive before the first restart: \(ids)")
        if pattern == .rep { #expect(client.statistics.snapshot.reconnects >= 1, "the REQ client had to reconnect") }
    }

    @Test(arguments: ProtocolVersion.allCases)
    func corruptMessagesAreSurvived(_ version: ProtocolVersion) async throws {
        let sim = try await Self.start { $0.faults.corrupt = 0.5; $0.protocolVersion = version; $0.ntrains = 40 }
        defer { sim.stop() }
        let events = await drain(try client(for: sim), until: sim)
        let corrupted = sim.faults.filter { $0.kind == .corrupt }
        #expect(Set(corrupted.map(\.detail)) == Set(CorruptionKind.allCases.map(\.rawValue)), "every class was sent")
        let errors = events.filter { if case .decodeError = $0 { true } else { false } }.count
        #expect(errors == corrupted.count)
        let good = Set(trainIDs(events))
        #expect(good == Set((0..<40).map { Self.first + $0 }).subtracting(corrupted.map(\.trainID)))
    }
}
