import KaraboBridge
@testable import Matching
import Testing

@Suite struct MatchCoreTests {
    /// Feeds messages at 0.1 s steps; returns the trains sent and the core.
    func feed(_ messages: [(Int, Train)], inputs: Int = 1,
              configuration: MatchConfiguration = MatchConfiguration(), endAll: Bool = true) -> ([MatchedTrain], MatchCore) {
        var core = MatchCore(inputNames: (0..<inputs).map { "in\($0)" }, configuration: configuration)
        var out: [MatchedTrain] = []
        var now = 0.0
        for (input, train) in messages {
            out += core.add(train, input: input, now: now)
            now += 0.1
        }
        if endAll {
            for input in 0..<inputs { out += core.inputEnded(input, now: now) }
        }
        return (out, core)
    }

    @Test func twoInputsInStepGiveCompleteTrains() {
        var messages: [(Int, Train)] = []
        for id in UInt64(100)..<110 {
            messages.append((0, Synthetic.message([("DET", id)])))
            messages.append((1, Synthetic.message([("XGM", id), ("MOTOR", id)])))
        }
        let (out, core) = feed(messages, inputs: 2)
        #expect(out.map { $0.train.trainID } == (UInt64(100)..<110).map { Optional($0) })
        #expect(out.allSatisfy { Synthetic.isConsistent($0.train) && $0.train.sources.count == 3 && !$0.isPartial })
        #expect(out.allSatisfy { $0.inputs == [0, 1] })
        let counters = core.snapshot(now: 2)
        #expect(counters.matched == 10 && counters.partial == 0 && counters.droppedByTimeout == 0)
        #expect(Set(counters.expectedSources) == ["DET", "XGM", "MOTOR"])
        #expect(counters.inputs.map(\.messages) == [10, 10])
        #expect(counters.inputs.map(\.lastTrainID) == [109, 109])
    }

    @Test func lateSourceIsMatchedByItsOwnTrainID() {
        // Message t carries DET(t) and a late XGM(t - 2), as the simulator's --late-source XGM:2.
        let messages = (UInt64(1000)..<1010).map { (0, Synthetic.message([("DET", $0), ("XGM", $0 - 2)])) }
        let (out, core) = feed(messages)
        // 998 and 999 only get XGM, 1008 and 1009 only DET: dropped; 1000…1007 complete.
        #expect(out.map { $0.train.trainID } == (UInt64(1000)..<1008).map { Optional($0) })
        #expect(out.allSatisfy { Synthetic.isConsistent($0.train) && $0.train.sources.count == 2 })
        let counters = core.snapshot(now: 2)
        #expect(counters.matched == 8)
        #expect(counters.droppedByTimeout == 4)
        #expect(counters.disagreeing == 10)
        let xgm = counters.sources.first { $0.name == "XGM" }
        #expect(xgm?.lag == 2 && xgm?.maxLag == 2 && xgm?.disagreeing == 10)
        #expect(counters.sources.first { $0.name == "DET" }?.lag == 0)
    }

    @Test func lateSourceWithPartialSendsEveryTrain() {
        let messages = (UInt64(1000)..<1010).map { (0, Synthetic.message([("DET", $0), ("XGM", $0 - 2)])) }
        let (out, core) = feed(messages, configuration: MatchConfiguration(partial: true))
        #expect(out.map { $0.train.trainID } == (UInt64(998)..<1010).map { Optional($0) })
        #expect(out.filter(\.isPartial).map { $0.train.trainID } == [998, 999, 1008, 1009])
        #expect(out.first?.missing == ["DET"])
        #expect(out.last?.missing == ["XGM"])
        #expect(out.allSatisfy { Synthetic.isConsistent($0.train) })
        #expect(core.snapshot(now: 2).partial == 4)
    }

    @Test func missingSourceTimesOut() {
        // XGM stops after train 104; DET goes on. Each message is 0.1 s apart, timeout 0.35 s.
        var messages: [(Int, Train)] = []
        for id in UInt64(100)..<120 {
            messages.append((0, Synthetic.message([("DET", id)])))
            if id < 105 { messages.append((1, Synthetic.message([("XGM", id)]))) }
        }
        let (out, core) = feed(messages, inputs: 2, configuration: MatchConfiguration(timeout: 0.35), endAll: false)
        #expect(out.map { $0.train.trainID } == (UInt64(100)..<105).map { Optional($0) })
        let counters = core.snapshot(now: 3)
        #expect(counters.matched == 5)
        // Trains 105… wait 0.35 s each: all but the last four (younger than the timeout) were dropped.
        #expect(counters.droppedByTimeout == 11)
        #expect(counters.pending == 4)
        #expect(counters.statusLine.contains("dropped 11"))
    }

    @Test func windowBoundsMemory() {
        // A required source never arrives; with a window of 4 the oldest trains are dropped.
        var core = MatchCore(inputNames: ["det"], configuration: MatchConfiguration(timeout: 100, window: 4, require: ["XGM*"]))
        var sent = 0
        for id in UInt64(1)...50 {
            sent += core.add(Synthetic.message([("DET", id)]), input: 0, now: Double(id) * 0.1).count
            #expect(core.snapshot(now: 0).pending <= 4)
        }
        let counters = core.snapshot(now: 5)
        #expect(sent == 0)
        #expect(counters.droppedByWindow == 46)
        #expect(counters.pending == 4)
    }

    @Test func requiredSourcesMakeTrainsWait() {
        var messages: [(Int, Train)] = []
        for id in UInt64(10)..<20 { messages.append((0, Synthetic.message([("DET", id)]))) }
        for id in UInt64(10)..<20 { messages.append((1, Synthetic.message([("SA1_XGM", id)]))) }
        let (out, core) = feed(messages, inputs: 2, configuration: MatchConfiguration(timeout: 100, learnTrains: 1, require: ["SA1_*"]))
        #expect(out.count == 10)
        #expect(out.allSatisfy { $0.train.sources.keys.contains("SA1_XGM") && $0.train.sources.keys.contains("DET") })
        #expect(core.snapshot(now: 0).matched == 10)
    }

    @Test func disagreeingSourceIsNeverMixedIn() {
        // Message 200 carries a source claiming train 205: it goes to 205, not into 200.
        var messages = (UInt64(200)..<210).map { (0, Synthetic.message([("A", $0), ("B", $0)])) }
        messages[0] = (0, Synthetic.message([("A", 200), ("B", 205), ("C", 200)]))
        let (out, core) = feed(messages, configuration: MatchConfiguration(partial: true))
        #expect(out.allSatisfy { Synthetic.isConsistent($0.train) })
        let first = out.first { $0.train.trainID == 200 }
        #expect(first?.train.sources.keys.contains("B") == false)
        #expect(first?.missing == ["B"])
        let counters = core.snapshot(now: 0)
        #expect(counters.disagreeing == 1)
        // B's second arrival for train 205 is a duplicate.
        #expect(counters.duplicates == 1)
    }

    @Test func sourcesWithoutTrainIDTakeTheMessageIDOrAreCounted() {
        var core = MatchCore(inputNames: ["x"], configuration: MatchConfiguration(learnTrains: 1))
        let mixed = Synthetic.message([("A", 7), ("B", nil)])
        let out = core.add(mixed, input: 0, now: 0)
        #expect(out.first?.train.sources.count == 2)
        _ = core.add(Synthetic.message([("C", nil)]), input: 0, now: 0.1)
        #expect(core.snapshot(now: 0).withoutTrainID == 1)
    }

    @Test func tooLateArrivalsAndTrainIDResets() {
        var core = MatchCore(inputNames: ["x"], configuration: MatchConfiguration(learnTrains: 1, resetDistance: 100))
        for id in UInt64(500)..<505 { _ = core.add(Synthetic.message([("A", id)]), input: 0, now: 0) }
        _ = core.add(Synthetic.message([("A", 502)]), input: 0, now: 0)
        #expect(core.snapshot(now: 0).tooLate == 1)
        // A restarted producer starts again far below: matching starts afresh.
        let restarted = core.add(Synthetic.message([("A", 10)]), input: 0, now: 0)
        #expect(restarted.map { $0.train.trainID } == [10])
        #expect(core.snapshot(now: 0).trainIDResets == 1)
    }

    @Test func nothingGoesOutWhileLearning() {
        var core = MatchCore(inputNames: ["a", "b"], configuration: MatchConfiguration(timeout: 100, learnTrains: 3))
        #expect(core.add(Synthetic.message([("A", 1)]), input: 0, now: 0).isEmpty)
        #expect(core.add(Synthetic.message([("A", 2)]), input: 0, now: 0).isEmpty)
        #expect(core.snapshot(now: 0).learning)
        #expect(core.add(Synthetic.message([("B", 1)]), input: 1, now: 0).isEmpty)
        // Third train ID: learning ends with {A, B}; train 1 is complete, 2 and 3 wait for B.
        let out = core.add(Synthetic.message([("A", 3)]), input: 0, now: 0)
        #expect(out.map { $0.train.trainID } == [1])
        #expect(core.snapshot(now: 0).expectedSources == ["A", "B"])
    }

    @Test func majorityTrainIDIgnoresOneLateSource() {
        let message = Synthetic.message([("LATE", 5), ("A", 7), ("B", 7)])
        #expect(message.trainID == 5)
        #expect(message.majorityTrainID == 7)
        #expect(message.disagreeingSources == ["LATE"])
        #expect(message.sourceTrainIDs.map(\.trainID) == [5, 7, 7])
    }

    @Test func configurationProblemsAreReported() {
        #expect(MatchConfiguration(timeout: 0).problem != nil)
        #expect(MatchConfiguration(window: 0).problem != nil)
        #expect(throws: MatchError.self) { _ = try TrainMatcher(inputs: [], configuration: MatchConfiguration()) }
    }
}
