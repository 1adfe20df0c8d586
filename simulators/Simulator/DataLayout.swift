/// Array axis order of pulse-resolved detector data (`--data-like`).
public enum DataLayout: String, Sendable, CaseIterable {
    /// Pulses last: `(modules, mod_y, mod_x, pulses)`.
    case online
    /// Pulses first: `(pulses, modules, mod_x, mod_y)`, as in EuXFEL HDF5 files.
    case file
}
