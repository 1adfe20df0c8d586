@testable import ScaleOut
import Testing
import Views

/// The ordering window on its own: released in train order, late results counted, never out of order.
@Suite struct ReorderWindowTests {
    static func output(_ id: UInt64) -> StageOutput { StageOutput(trainID: id, timestamp: nil, records: [], trainInputs: [:]) }

    @Test func releasesInOrderUpToTheTrainsStillInHand() {
        var w = ReorderWindow(capacity: 100, maxWait: .seconds(100))
        let t = ContinuousClock.now
        func put(_ id: UInt64) -> Bool { w.insert(Self.output(id), now: t) }
        func out(_ bound: UInt64?) -> [UInt64] { w.release(before: bound, now: t).map(\.trainID) }
        // Worker 1 has train 2 in hand; worker 2 returns 3 and 5 first.
        #expect(put(3))
        #expect(put(5))
        #expect(out(2) == [], "train 2 is still being processed")
        #expect(put(2))
        // Worker 1 now holds train 4.
        #expect(out(4) == [2, 3])
        #expect(put(4))
        // Both idle: everything goes.
        #expect(out(nil) == [4, 5])
        #expect(w.late == 0)
    }

    @Test func boundedByCountAndTimeAndCountsLateResults() {
        var w = ReorderWindow(capacity: 2, maxWait: .seconds(1))
        let t = ContinuousClock.now
        func out(after: Duration, flush: Bool = false) -> [UInt64] {
            w.release(before: 9, now: t + after, flush: flush).map(\.trainID)
        }
        for id: UInt64 in [10, 11, 12] { _ = w.insert(Self.output(id), now: t) }
        // Train 9 in a slow worker's hands: more than 2 held releases the oldest.
        #expect(out(after: .zero) == [10])
        #expect(out(after: .milliseconds(999)) == [])
        #expect(out(after: .seconds(1)) == [11, 12])
        // Train 9 is now late: dropped and counted, not published.
        let accepted = w.insert(Self.output(9), now: t)
        #expect(!accepted)
        #expect(w.late == 1)
        #expect(out(after: .seconds(5), flush: true) == [])
    }
}
