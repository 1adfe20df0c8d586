/// What an average does with NaN values.
public enum NaNPolicy: String, Sendable, Codable, CaseIterable {
    /// A NaN in any input makes that element NaN (numpy `mean`; EXtra-foam's dark average).
    case propagate
    /// NaN inputs are skipped; an element with no valid input is NaN (numpy `nanmean`).
    case ignore
}
