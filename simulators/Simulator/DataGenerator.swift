/// How detector pixel values are made (`-g`).
public enum DataGenerator: String, Sendable, CaseIterable {
    /// Structured content: pedestal, per-pixel offset, noise, rings, beam spot (see `docs/simulator.md`).
    case random
    /// All-zero images (camera, AGIPD/LPD, JUNGFRAU), as cheap as the Python simulator's `zeros`.
    case zeros
}
