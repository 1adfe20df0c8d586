/// How an ``HDF5RecordingWriter`` names and splits its files.
public struct HDF5RecordingOptions: Sendable {
    /// A file is closed and the next sequence file started once it holds this many bytes
    /// of data. Default 4 GiB.
    public var maxFileBytes: Int
    /// The run number in file names and `METADATA/runNumber`.
    public var runNumber: Int
    /// The data category in file names (`RAW`, `PROC`, …).
    public var category: String
    /// The aggregator part of file names (letters, digits, `_`).
    public var aggregator: String
    /// Trains queued ahead of the writer thread.
    public var queueDepth: Int

    public init(maxFileBytes: Int = 4 << 30, runNumber: Int = 0, category: String = "RAW",
                aggregator: String = "TRAINSPOTTER", queueDepth: Int = 3) {
        self.maxFileBytes = maxFileBytes
        self.runNumber = runNumber
        self.category = category
        self.aggregator = aggregator
        self.queueDepth = queueDepth
    }

    /// `RAW-R0000-TRAINSPOTTER-S00000.h5`, the European XFEL file name pattern.
    public func fileName(sequence: Int) -> String {
        "\(category)-R\(RecordFormat.zeroPadded(runNumber, 4))-\(aggregator)-S\(RecordFormat.zeroPadded(sequence, 5)).h5"
    }
}
