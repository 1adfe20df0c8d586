import HDF5

extension Cube {
    /// The `format` attribute written by ``save(to:definition:)``.
    public static let fileFormat = "trainspotter-cube-1"

    /// Writes the cube to a new HDF5 file (replacing any file at `path`), h5py-readable:
    /// `edges` (x bin edges), `x` (centres or steps), `y_edges` (2-D cubes), `mean`, `std`
    /// (float64, ``shape``), `count` (int64, one per bin) and, on the root, the attributes
    /// `format`, `definition` (the view as written), `first_train`, `last_train` (int64; -1 when empty), `states`.
    ///
    /// HDF5 calls block on file I/O: call this off latency-sensitive threads.
    public func save(to path: String, definition: String) throws(OperatorError) {
        do {
            let file = try HDF5File.create(path, truncate: true)
            defer { file.close() }
            let root = file.root
            try root.createDataset("edges", values: x.binEdges)
            try root.createDataset("x", values: x.centres)
            if let y {
                try root.createDataset("y_edges", values: y.binEdges)
                try root.createDataset("y", values: y.centres)
            }
            let shape = self.shape
            try root.createDataset("mean", values: means, shape: shape)
            try root.createDataset("std", values: standardDeviations, shape: shape)
            try root.createDataset("count", values: counts.map(Int64.init), shape: Array(shape.prefix(shape.count - (valueShape?.count ?? 0))))
            try root.attributes.set("format", string: Self.fileFormat)
            try root.attributes.set("definition", string: definition)
            try root.attributes.set("first_train", int64: firstTrain.map { Int64($0) } ?? -1)
            try root.attributes.set("last_train", int64: lastTrain.map { Int64($0) } ?? -1)
            try root.attributes.set("states", int64: Int64(states))
            try file.flush()
        } catch {
            throw .file(path: path, reason: error.description)
        }
    }
}
