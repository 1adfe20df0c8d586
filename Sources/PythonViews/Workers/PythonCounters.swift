/// What happened in the Python workers since the start.
public struct PythonCounters: Sendable, Hashable {
    /// View calls answered (with a value, no value or an exception).
    public var calls = 0
    /// Views that raised an exception.
    public var exceptions = 0
    /// Workers that died while computing.
    public var crashes = 0
    /// Workers killed because a view exceeded the timeout.
    public var timeouts = 0
    /// Worker processes started again after a crash or timeout.
    public var restarts = 0

    public init() {}

    /// For the status line: `python: calls N, exceptions E, crashes C, timeouts T, restarts R`.
    public var line: String {
        "python: calls \(calls), exceptions \(exceptions), crashes \(crashes), timeouts \(timeouts), restarts \(restarts)"
    }
}
