/// What kind of fault was injected.
public enum FaultKind: String, Sendable, CaseIterable {
    /// `--drop`: the train was not sent.
    case drop
    /// `--reorder`: the train was sent after the next one.
    case reorder
    /// `--duplicate`: the train was sent twice.
    case duplicate
    /// `--late-source`: a source carries an older train's data.
    case lateSource = "late-source"
    /// `--missing-source`: a source was left out.
    case missingSource = "missing-source"
    /// `--empty-trains`: the train has zero pulses.
    case emptyTrain = "empty-train"
    /// `--cellid-mismatch`: cell IDs one short of the pulses.
    case cellIDMismatch = "cellid-mismatch"
    /// `--restart-every`: the socket was closed and bound again after this train.
    case restart
    /// `--corrupt`: a malformed message replaced the train.
    case corrupt
}
