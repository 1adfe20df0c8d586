import Foundation

/// How a ``RecordingWriter`` writes.
public struct RawRecordingOptions: Sendable {
    /// A segment is closed and the next one started before it would grow beyond this
    /// (a single larger message gets a segment of its own). Default 4 GiB.
    public var maxFileBytes: Int
    /// Messages queued ahead of the writer thread.
    public var queueDepth: Int
    /// If set, `fdatasync` the files at least this often (seconds) and when closing them.
    /// Off by default: the data is in the kernel after each write, which survives a crash of
    /// this process (SIGKILL included) but not of the machine.
    public var syncInterval: Double?
    /// Free-form facts stored in each segment header's JSON (e.g. `endpoint`, `pattern`).
    public var info: [String: String]

    public init(maxFileBytes: Int = 4 << 30, queueDepth: Int = 3, syncInterval: Double? = nil,
                info: [String: String] = [:]) {
        self.maxFileBytes = maxFileBytes
        self.queueDepth = queueDepth
        self.syncInterval = syncInterval
        self.info = info
    }

    /// The JSON object written into segment headers.
    func descriptionJSON() -> String {
        var fields = info
        fields["writer"] = fields["writer"] ?? "trainspotter"
        fields["format"] = "trainspotter raw recording \(RecordFormat.majorVersion).\(RecordFormat.minorVersion)"
        if fields["host"] == nil { fields["host"] = ProcessInfo.processInfo.hostName }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(fields) else { return "{}" }
        return String(decoding: data, as: UTF8.self)
    }
}
