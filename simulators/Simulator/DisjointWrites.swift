/// A pointer handed to `concurrentPerform` workers that write disjoint ranges of one buffer.
struct DisjointWrites: @unchecked Sendable {
    let base: UnsafeMutableRawPointer
}
