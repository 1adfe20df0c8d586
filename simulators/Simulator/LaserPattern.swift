/// When the pump-probe laser fires (`--laser`).
public enum LaserPattern: String, Sendable, CaseIterable {
    /// Every pulse of odd train IDs; even train IDs are unpumped.
    case train
    /// Odd pulse indices (1, 3, 5, …) of every train.
    case pulse
    /// Never.
    case none
}
