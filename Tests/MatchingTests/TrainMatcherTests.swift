import KaraboBridge
@testable import Matching
import Testing

@Suite struct TrainMatcherTests {
    func stream(_ trains: [Train]) -> AsyncStream<Train> {
        AsyncStream { continuation in
            for train in trains { continuation.yield(train) }
            continuation.finish()
        }
    }

    @Test func deadInputDoesNotStopTheOthers() async throws {
        // Input B delivers three trains and ends; A goes on. With a long timeout nothing
        // expires while the test runs: the held trains go out when A ends too.
        let a = (UInt64(1)...20).map { Synthetic.message([("DET", $0)]) }
        let b = (UInt64(1)...3).map { Synthetic.message([("XGM", $0), ("MOTOR", $0)]) }
        let matcher = try TrainMatcher(inputs: [MatcherInput(name: "A", trains: stream(a)), MatcherInput(name: "B", trains: stream(b))],
                                       configuration: MatchConfiguration(timeout: 600, partial: true, window: 64, learnTrains: 64))
        var out: [MatchedTrain] = []
        for await train in matcher { out.append(train) }
        #expect(out.map { $0.train.trainID } == (UInt64(1)...20).map { Optional($0) })
        #expect(out.prefix(3).allSatisfy { !$0.isPartial && $0.train.sources.count == 3 })
        #expect(out.dropFirst(3).allSatisfy { $0.missing == ["XGM", "MOTOR"] })
        #expect(out.allSatisfy { Synthetic.isConsistent($0.train) })
        let counters = matcher.counters
        #expect(counters.matched == 3 && counters.partial == 17)
        #expect(counters.inputs.map(\.ended) == [true, true])
        #expect(counters.inputs.map(\.messages) == [20, 3])
    }

    @Test func stopEndsTheSequence() async throws {
        let (never, continuation) = AsyncStream<Train>.makeStream()
        let matcher = try TrainMatcher(inputs: [MatcherInput(name: "silent", trains: never)])
        matcher.stop()
        var count = 0
        for await _ in matcher { count += 1 }
        continuation.finish()
        #expect(count == 0)
        #expect(matcher.counters.matched == 0)
    }
}
