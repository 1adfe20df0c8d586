import ByteSlices
import Foundation
import HDF5
import KaraboBridge

/// Writes one HDF5 file in the European XFEL data format (version 1.0): `METADATA`,
/// `INDEX/trainId` (+ `timestamp`, `flag`), per source (group) `INDEX/…/{first,count}`,
/// `INSTRUMENT/…` and `CONTROL/…/{value,timestamp}`, and `RUN/…` (CONTROL values of the
/// first train). Owned by the HDF5 writer thread.
final class EuXFELFileWriter {
    /// What happened to a train.
    enum Outcome: Equatable {
        case appended
        /// The train's keys, types or shapes differ from what this file holds: start a new file.
        case schemaChanged(String)
        /// Trains without a train ID cannot be indexed.
        case noTrainID
    }

    let path: String
    let sequence: Int
    let runNumber: Int
    private let file: HDF5File
    private var trainIDs: [UInt64] = []
    private var timestamps: [UInt64] = []
    private var groups: [String: IndexGroup] = [:]
    private var groupOrder: [String] = []
    /// Dataset paths per source, to catch names that clash (a dataset where a group must be).
    private var sourcePaths: [String: Set<String>] = [:]
    /// Payload bytes written (about the file's size).
    private(set) var bytesWritten = 0
    /// Trains in the file.
    var trainCount: Int { trainIDs.count }

    init(path: String, sequence: Int, runNumber: Int) throws(HDF5Error) {
        self.path = path
        self.sequence = sequence
        self.runNumber = runNumber
        file = try HDF5File.create(path, truncate: false)
    }

    /// Adds one train, unless its layout is incompatible with the file's (then nothing changes).
    func append(_ train: Train, receivedAt: Double, skipped: inout Int) throws(HDF5Error) -> Outcome {
        guard let trainID = train.trainID else { return .noTrainID }
        var incoming: [String: [StoredValue]] = [:]
        var incomingGroups: [String: (EuXFELLayout.Section, String, String)] = [:]
        var order: [String] = []
        var trainStamp: Double?
        for source in train.sources.values {
            let stamp = source.metadata.timestamp ?? receivedAt
            if trainStamp == nil, source.metadata.timestamp != nil { trainStamp = stamp }
            let section = EuXFELLayout.section(of: source.name)
            var seen: Set<String> = []
            for value in StoredValue.values(of: source, timestampNanoseconds: Self.nanoseconds(stamp), skipped: &skipped) {
                guard seen.insert(value.datasetPath).inserted else { skipped += 1; continue }
                let key = section.rawValue + "\u{0}" + source.name + "\u{0}" + value.indexGroup
                if incoming[key] == nil {
                    order.append(key)
                    incomingGroups[key] = (section, source.name, value.indexGroup)
                }
                incoming[key, default: []].append(value)
            }
        }
        for key in order {
            if let group = groups[key], !group.matches(incoming[key]!) {
                return .schemaChanged("\(group.dataSourceID) changed its keys, types or shapes")
            }
        }
        // Layout accepted: create what is new, then add the train's rows everywhere.
        let root = file.root
        for key in order where groups[key] == nil {
            let (section, source, name) = incomingGroups[key]!
            let group = IndexGroup(section: section, source: source, name: name, earlierTrains: trainIDs.count)
            var paths = sourcePaths[source] ?? []
            for value in incoming[key]! {
                if Self.clashes(value.datasetPath, with: paths) {
                    group.droppedPaths.insert(value.datasetPath)
                    skipped += 1
                    continue
                }
                try group.addColumn(value, root: root)
                paths.insert(value.datasetPath)
            }
            sourcePaths[source] = paths
            groups[key] = group
            groupOrder.append(key)
        }
        for key in groupOrder {
            let values = incoming[key]
            try groups[key]!.append(values)
            bytesWritten += values?.reduce(0) { $0 + $1.payload.byteCount } ?? 0
        }
        trainIDs.append(trainID)
        timestamps.append(Self.nanoseconds(trainStamp ?? receivedAt))
        return .appended
    }

    /// Whether `path` would need a dataset where a group is (or the reverse), or exists already.
    static func clashes(_ path: String, with existing: Set<String>) -> Bool {
        if existing.contains(path) { return true }
        return existing.contains { $0.hasPrefix(path + "/") || path.hasPrefix($0 + "/") }
    }

    static func nanoseconds(_ seconds: Double) -> UInt64 {
        seconds > 0 ? UInt64((seconds * 1e9).rounded()) : 0
    }

    /// Writes the indexes, metadata and pending rows, and closes the file.
    func close() throws(HDF5Error) {
        defer { file.close() }
        let root = file.root
        try root.attributes.set("writer", string: "trainspotter")
        for key in groupOrder {
            let group = groups[key]!
            for path in group.columnOrder { try group.columns[path]!.finish(root: root) }
            let index = try root.createGroup(group.indexPath)
            try index.createDataset("first", values: group.firsts)
            try index.createDataset("count", values: group.counts)
        }
        try root.createDataset("INDEX/trainId", values: trainIDs)
        try root.createDataset("INDEX/timestamp", values: timestamps)
        try root.createDataset("INDEX/flag", values: [Int32](repeating: 1, count: trainIDs.count))
        try writeRunSection(root)
        try writeMetadata(root)
        try file.flush()
    }

    /// `RUN/SOURCE/KEY/{value,timestamp}`: CONTROL values of the file's first train.
    private func writeRunSection(_ root: HDF5Group) throws(HDF5Error) {
        _ = try root.createGroup("RUN")
        for key in groupOrder {
            let group = groups[key]!
            guard group.section == .control else { continue }
            for path in group.columnOrder {
                let column = group.columns[path]!
                let target = "RUN/" + EuXFELLayout.sourcePath(group.source) + "/" + path
                switch column.kind {
                case let .numeric(type, shape):
                    guard let first = column.firstRow else { continue }
                    let dataset = try root.createDataset(target, type: type, shape: [1] + shape)
                    let bytes = ByteSlice(copying: first)
                    try dataset.write(bytes.stableBytes)
                    withExtendedLifetime(bytes) {}
                case .string:
                    guard let first = column.firstString else { continue }
                    try root.createStringDataset(target, values: [first])
                }
            }
        }
    }

    private func writeMetadata(_ root: HDF5Group) throws(HDF5Error) {
        let sources = groupOrder.map { groups[$0]!.dataSourceID }.sorted()
        try root.createStringDataset("METADATA/dataSources/dataSourceId", values: sources)
        try root.createStringDataset("METADATA/dataSources/root", values: sources.map { String($0.prefix { $0 != "/" }) })
        try root.createStringDataset("METADATA/dataSources/deviceId",
                                     values: sources.map { String($0.drop { $0 != "/" }.dropFirst()) })
        let formatter = DateFormatter()
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.locale = Locale(identifier: "en_US_POSIX")
        let now = formatter.string(from: Date())
        try root.createStringDataset("METADATA/dataFormatVersion", values: ["1.0"])
        try root.createStringDataset("METADATA/creationDate", values: [now])
        try root.createStringDataset("METADATA/updateDate", values: [now])
        try root.createStringDataset("METADATA/daqLibrary", values: ["trainspotter"])
        try root.createStringDataset("METADATA/karaboFramework", values: ["none (recorded from a Karabo Bridge stream)"])
        try root.createStringDataset("METADATA/runType", values: ["trainspotter recording"])
        try root.createStringDataset("METADATA/sample", values: [""])
        try root.createDataset("METADATA/proposalNumber", values: [UInt32(0)])
        try root.createDataset("METADATA/runNumber", values: [UInt32(clamping: runNumber)])
        try root.createDataset("METADATA/sequenceNumber", values: [UInt32(clamping: sequence)])
    }
}

@available(*, unavailable, message: "HDF5 objects belong to the writer thread")
extension EuXFELFileWriter: Sendable {}
