@testable import ScaleOut
import Testing
import Views

/// The ordering window on its own: released in train order, late results counted, never out of order.
@Suite struct ReorderWindowTests {
    static func output(_ id: UInt64) -> StageOutput { StageOutput(trainID: id, timestamp: nil, records: [], trainInputs: [:]) }

    @Test func releasesInOrderOnceEveryWorkerHasPassed() {
        var w = ReorderWindow(capacity: 100, maxWait: .seconds(100))
        let t = ContinuousClock.now
        func put(_ id: UInt64, _ rank: Int) -> Bool { w.insert(Self.output(id), from: rank, now: t) }
        func out(_ running: Set<Int>) -> [UInt64] { w.release(running: running, now: t).map(\.trainID) }
        // Worker 1 has trains 1, 3, 5; worker 2 has 2, 4, 6; they arrive out of order.
        #expect(put(3, 1))
        #expect(out([1, 2]) == [], "worker 2 has sent nothing: train 2 may still come")
        #expect(put(2, 2))
        #expect(out([1, 2]) == [2])
        #expect(put(4, 2))
        #expect(put(6, 2))
        #expect(out([1, 2]) == [3])
        #expect(put(5, 1))
        #expect(out([1, 2]) == [4, 5])
        // Worker 1 is done: nothing holds train 6 back any more.
        #expect(out([2]) == [6])
        #expect(w.late == 0)
    }

    @Test func boundedByCountAndTimeAndCountsLateResults() {
        var w = ReorderWindow(capacity: 2, maxWait: .seconds(1))
        let t = ContinuousClock.now
        func out(after: Duration, flush: Bool = false) -> [UInt64] {
            w.release(running: [1, 2], now: t + after, flush: flush).map(\.trainID)
        }
        for id: UInt64 in [10, 11, 12] { _ = w.insert(Self.output(id), from: 2, now: t) }
        // Worker 1 silent: more than 2 held releases the oldest.
        #expect(out(after: .zero) == [10])
        #expect(out(after: .milliseconds(999)) == [])
        #expect(out(after: .seconds(1)) == [11, 12])
        // Train 9 from the slow worker is now late: dropped and counted, not published.
        let accepted = w.insert(Self.output(9), from: 1, now: t)
        #expect(!accepted)
        #expect(w.late == 1)
        #expect(out(after: .seconds(5), flush: true) == [])
    }
}
