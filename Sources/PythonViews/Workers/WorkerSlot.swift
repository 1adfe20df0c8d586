import Views

/// A place for one worker in the pool: the process (nil while it is being restarted), its input
/// segment and which context loads it has applied. Touched only by the thread holding the slot.
final class WorkerSlot: @unchecked Sendable {
    let index: Int
    let stage: Stage
    var worker: WorkerProcess?
    var segment: SharedSegment?
    var segmentAttached = false
    /// The sequence number of the last context load this worker has run.
    var appliedLoad = 0

    init(index: Int, stage: Stage) {
        self.index = index
        self.stage = stage
    }
}
