import HDF5

extension PixelMask {
    /// Loads a mask file: a numpy `.npy` file (any numeric or bool dtype, C order), or an HDF5
    /// file (`dataset` names the dataset; default `mask`). Nonzero (and NaN) = masked; with
    /// `invert`, zero = masked instead (for files that flag good pixels).
    public static func load(path: String, dataset: String = "mask", invert: Bool = false) throws(OperatorError) -> PixelMask {
        let values: DenseArray<Double>
        if path.hasSuffix(".npy") {
            values = try NPYFile.read(path)
        } else {
            do {
                let file = try HDF5File.open(path)
                defer { file.close() }
                let d = try file.root.openDataset(dataset)
                let shape = try d.shape
                switch d.scalarType {
                case .bool?:  // h5py's boolean enum does not convert to numbers
                    values = try DenseArray(shape: shape, values: try d.read(as: Bool.self).map { $0 ? 1 : 0 })
                case .float32?, .float64?:
                    values = try DenseArray(shape: shape, values: try d.read(as: Double.self))
                default:
                    values = try DenseArray(shape: shape, values: try d.read(as: Int64.self).map(Double.init))
                }
            } catch let error as HDF5Error {
                throw .file(path: path, reason: error.description)
            } catch {
                throw .file(path: path, reason: "\(error)")
            }
        }
        let flags = values.values.map { v -> UInt8 in
            let masked = v != 0  // NaN != 0 is true: NaN counts as masked
            return (masked != invert) ? 1 : 0
        }
        return try PixelMask(shape: values.shape, flags: flags)
    }

    /// Writes the mask as a numpy `.npy` file of dtype `uint8` (1 = masked), as EXtra-foam saves masks.
    public func saveNPY(to path: String) throws(OperatorError) {
        try NPYFile.write(path, descr: "|u1", shape: shape, bytes: flags.map { $0 == 0 ? 0 : 1 })
    }
}
