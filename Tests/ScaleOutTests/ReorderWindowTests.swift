@testable import ScaleOut
import Testing
import Views

/// The ordering window on its own: released in train order, late results counted, never out of order.
@Suite struct ReorderWindowTests {
    static func output(_ id: UInt64) -> StageOutput { StageOutput(trainID: id, timestamp: nil, records: [], trainInputs: [:]) }

    @Test func releasesInOrderOnceEveryWorkerHasPassed() {
        var w = ReorderWindow(capacity: 100, maxWait: .seconds(100))
        let t = ContinuousClock.now
        // Worker 1 has trains 1, 3, 5; worker 2 has 2, 4, 6; they arrive out of order.
        #expect(w.insert(Self.output(3), from: 1, now: t))
        #expect(w.release(running: [1, 2], now: t).isEmpty, "worker 2 has sent nothing: train 2 may still come")
        #expect(w.insert(Self.output(2), from: 2, now: t))
        #expect(w.release(running: [1, 2], now: t).map(\.trainID) == [2])
        #expect(w.insert(Self.output(4), from: 2, now: t))
        #expect(w.insert(Self.output(6), from: 2, now: t))
        #expect(w.release(running: [1, 2], now: t).map(\.trainID) == [3])
        #expect(w.insert(Self.output(5), from: 1, now: t))
        #expect(w.release(running: [1, 2], now: t).map(\.trainID) == [4, 5])
        // Worker 1 is done: nothing holds train 6 back any more.
        #expect(w.release(running: [2], now: t).map(\.trainID) == [6])
        #expect(w.late == 0)
    }

    @Test func boundedByCountAndTimeAndCountsLateResults() {
        var w = ReorderWindow(capacity: 2, maxWait: .seconds(1))
        let t = ContinuousClock.now
        for id: UInt64 in [10, 11, 12] { _ = w.insert(Self.output(id), from: 2, now: t) }
        // Worker 1 silent: more than 2 held releases the oldest.
        #expect(w.release(running: [1, 2], now: t).map(\.trainID) == [10])
        #expect(w.release(running: [1, 2], now: t + .milliseconds(999)).isEmpty)
        #expect(w.release(running: [1, 2], now: t + .seconds(1)).map(\.trainID) == [11, 12])
        // Train 9 from the slow worker is now late: dropped and counted, not published.
        #expect(!w.insert(Self.output(9), from: 1, now: t))
        #expect(w.late == 1)
        #expect(w.release(running: [1, 2], now: t + .seconds(5), flush: true).isEmpty)
    }
}
