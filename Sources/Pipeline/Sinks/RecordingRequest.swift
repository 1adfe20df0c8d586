import Recording

/// A recording a run was asked to make: where, in which format, with which limits.
public struct RecordingRequest: Sendable {
    /// The container formats.
    public enum Format: String, Sendable, CaseIterable {
        /// The bit-exact raw container (`docs/recording-format.md`).
        case raw
        /// European XFEL HDF5 files.
        case hdf5
    }

    /// A new directory to record into.
    public var directory: String
    public var format: Format
    /// A new file is started before one grows beyond this.
    public var maxFileBytes: Int
    /// Messages queued ahead of the writer thread.
    public var queueDepth: Int
    /// Free-form description stored with raw recordings.
    public var info: [String: String]

    public init(directory: String, format: Format = .raw, maxFileBytes: Int = 4_096_000_000, queueDepth: Int = 3,
                info: [String: String] = [:]) {
        self.directory = directory
        self.format = format
        self.maxFileBytes = maxFileBytes
        self.queueDepth = queueDepth
        self.info = info
    }

    /// Creates the directory and starts the writer.
    public func open() async throws -> any MessageRecorder {
        switch format {
        case .raw:
            return try await RecordingWriter.create(directory: directory, options: RawRecordingOptions(
                maxFileBytes: maxFileBytes, queueDepth: queueDepth, info: info))
        case .hdf5:
            return try await HDF5RecordingWriter.create(directory: directory, options: HDF5RecordingOptions(
                maxFileBytes: maxFileBytes, queueDepth: queueDepth))
        }
    }
}
