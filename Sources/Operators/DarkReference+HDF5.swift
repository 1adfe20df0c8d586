import HDF5

extension DarkReference {
    /// The `format` attribute written by ``save(to:group:)``.
    public static let fileFormat = "trainspotter-dark-1"

    /// Writes the dark to a new HDF5 file (replacing any file at `path`):
    /// `/<group>/mean` (float32, the dark's shape) and, on the group, the attributes
    /// `format`, `train_count` (int64) and `nan_policy` (string). h5py reads it directly.
    ///
    /// HDF5 calls block on file I/O: call this off latency-sensitive threads.
    public func save(to path: String, group: String = "dark") throws(OperatorError) {
        do {
            let file = try HDF5File.create(path, truncate: true)
            defer { file.close() }
            let g = try file.root.createGroup(group)
            try g.createDataset("mean", values: mean.values, shape: mean.shape)
            try g.attributes.set("format", string: Self.fileFormat)
            try g.attributes.set("train_count", int64: Int64(trainCount))
            try g.attributes.set("nan_policy", string: nanPolicy.rawValue)
            try file.flush()
        } catch {
            throw .file(path: path, reason: error.description)
        }
    }

    /// Reads a dark written by ``save(to:group:)``.
    /// - Throws: ``OperatorError/file(path:reason:)`` when the file cannot be read or does not
    ///   hold a dark in this format.
    public static func load(from path: String, group: String = "dark") throws(OperatorError) -> DarkReference {
        let values: [Float], shape: [Int], trains: Int64, policyName: String, format: String
        do {
            let file = try HDF5File.open(path)
            defer { file.close() }
            let g = try file.root.openGroup(group)
            format = try g.attributes.string("format")
            let dataset = try g.openDataset("mean")
            shape = try dataset.shape
            values = try dataset.read(as: Float.self)
            trains = try g.attributes.int64("train_count")
            policyName = try g.attributes.string("nan_policy")
        } catch {
            throw .file(path: path, reason: error.description)
        }
        guard format == fileFormat else { throw .file(path: path, reason: "format '\(format)' is not \(fileFormat)") }
        guard let policy = NaNPolicy(rawValue: policyName) else {
            throw .file(path: path, reason: "unknown nan_policy '\(policyName)'")
        }
        guard trains > 0 else { throw .file(path: path, reason: "train_count \(trains) is not positive") }
        let mean: DenseArray<Float>
        do {
            mean = try DenseArray(shape: shape, values: values)
        } catch {
            throw .file(path: path, reason: error.description)
        }
        return DarkReference(mean: mean, trainCount: Int(trains), nanPolicy: policy)
    }
}
