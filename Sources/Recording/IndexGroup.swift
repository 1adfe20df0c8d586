import HDF5

/// The keys that share one `INDEX/…/{first,count}` pair: a CONTROL source, or one group of
/// an INSTRUMENT source. Each train adds one row to every column (count 1) or none (count 0).
/// Owned by the HDF5 writer thread.
final class IndexGroup {
    let section: EuXFELLayout.Section
    let source: String
    /// The INDEX group name (`""` for CONTROL sources).
    let name: String
    /// Columns by path below `SECTION/SOURCE/`.
    private(set) var columns: [String: HDF5Column] = [:]
    private(set) var columnOrder: [String] = []
    /// Paths of values left out for good (name clashes), so they do not look like schema changes.
    var droppedPaths: Set<String> = []
    private(set) var firsts: [UInt64] = []
    private(set) var counts: [UInt64] = []
    private(set) var rows = 0

    init(section: EuXFELLayout.Section, source: String, name: String, earlierTrains: Int) {
        self.section = section
        self.source = source
        self.name = name
        firsts = Array(repeating: 0, count: earlierTrains)
        counts = Array(repeating: 0, count: earlierTrains)
    }

    /// `CONTROL/SOURCE` or `INSTRUMENT/SOURCE/GROUP`: the entry in `METADATA/dataSources`.
    var dataSourceID: String {
        let base = section.rawValue + "/" + EuXFELLayout.sourcePath(source)
        return name.isEmpty ? base : base + "/" + name
    }

    /// The path of the INDEX group.
    var indexPath: String {
        let base = "INDEX/" + EuXFELLayout.sourcePath(source)
        return name.isEmpty ? base : base + "/" + name
    }

    /// The dataset path of a value below the file's root.
    func datasetPath(_ relative: String) -> String {
        section.rawValue + "/" + EuXFELLayout.sourcePath(source) + "/" + relative
    }

    /// Whether the values (after dropping the known clashes) have exactly this group's columns.
    func matches(_ values: [StoredValue]) -> Bool {
        let kept = values.filter { !droppedPaths.contains($0.datasetPath) }
        guard kept.count == columns.count else { return false }
        return kept.allSatisfy { columns[$0.datasetPath]?.kind == $0.kind }
    }

    /// Adds a column (creating its dataset).
    func addColumn(_ value: StoredValue, root: HDF5Group) throws(HDF5Error) {
        let column = try HDF5Column(root: root, path: datasetPath(value.datasetPath), kind: value.kind,
                                    bridgeKey: value.bridgeKey, wasBytes: value.wasBytes)
        columns[value.datasetPath] = column
        columnOrder.append(value.datasetPath)
    }

    /// Records one train: its values (one row per column) or, with nil, absence (count 0).
    func append(_ values: [StoredValue]?) throws(HDF5Error) {
        firsts.append(UInt64(rows))
        guard let values else {
            counts.append(0)
            return
        }
        for value in values where !droppedPaths.contains(value.datasetPath) {
            try columns[value.datasetPath]!.append(value.payload)
        }
        counts.append(1)
        rows += 1
    }
}

@available(*, unavailable, message: "HDF5 objects belong to the writer thread")
extension IndexGroup: Sendable {}
