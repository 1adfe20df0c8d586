/// The pulse-resolved beam: a table of F "frames" (pulse slots), each with an intensity and a
/// laser state, and the window starts a train may use. Train t's pulse i is frame `k(t) + i`.
///
/// Detector pools are pre-generated per frame (file layout) or per window (online layout), so
/// a train's detector data, XGM energies and laser pattern always agree.
struct BeamTable: Sendable {
    /// Pulses per train.
    let pulses: Int
    /// Frames in the table.
    let frameCount: Int
    /// Relative pulse intensity per frame: 1 + 0.25·N(0,1), clamped to [0.2, 2].
    let intensity: [Float]
    /// Laser state per frame.
    let laserOn: [Bool]
    /// Window starts: `[off, on]` for the per-train pattern, one list otherwise.
    let startLists: [[Int]]
    let pattern: LaserPattern
    let seed: UInt64

    /// - Parameters:
    ///   - extraStarts: W; the table has F = 2·(pulses + W) frames and W + 1 starts per laser state.
    ///   - startsPerList: when set (an online-layout pool exists), keep only this many evenly spaced starts per list.
    init(pulses: Int, extraStarts: Int, pattern: LaserPattern, seed: UInt64, startsPerList: Int?) {
        let w = max(1, extraStarts)
        let f = 2 * (pulses + w)
        self.pulses = pulses
        self.frameCount = f
        self.pattern = pattern
        self.seed = seed
        intensity = (0..<f).map { i in
            Float(min(2, max(0.2, 1 + 0.25 * Randomness.normal(seed, .beamIntensity, UInt64(i)))))
        }
        switch pattern {
        case .train: laserOn = (0..<f).map { $0 >= f / 2 }
        case .pulse: laserOn = (0..<f).map { $0 % 2 == 1 }
        case .none: laserOn = Array(repeating: false, count: f)
        }
        var lists: [[Int]]
        switch pattern {
        case .train: lists = [Array(0...w), Array((pulses + w)...(pulses + 2 * w))]
        case .pulse: lists = [Array(stride(from: 0, through: f - pulses, by: 2))]
        case .none: lists = [Array(0...(f - pulses))]
        }
        if let keep = startsPerList {
            lists = lists.map { BeamTable.evenlySpaced($0, count: keep) }
        }
        startLists = lists
    }

    static func evenlySpaced(_ items: [Int], count: Int) -> [Int] {
        guard count < items.count else { return items }
        guard count > 1 else { return [items[0]] }
        return (0..<count).map { j in items[Int((Double(j) * Double(items.count - 1) / Double(count - 1)).rounded())] }
    }

    /// Every window start any train can use.
    var allStarts: [Int] { Array(Set(startLists.joined())).sorted() }

    /// Whether train `trainID` is a pumped train (per-train pattern: odd train IDs).
    func trainIsPumped(_ trainID: UInt64) -> Bool {
        switch pattern {
        case .train: return trainID % 2 == 1
        case .pulse: return true
        case .none: return false
        }
    }

    /// The window start of train `trainID`.
    func start(for trainID: UInt64) -> Int {
        let list = pattern == .train ? startLists[trainIsPumped(trainID) ? 1 : 0] : startLists[0]
        return list[Int(Randomness.hash(seed, .window, trainID) % UInt64(list.count))]
    }
}
