import ByteSlices
import HDF5
import KaraboBridge

/// The sources and keys of one open European XFEL file, with their index arrays, ready to
/// read single trains. Owned by one thread (HDF5 objects are).
final class EuXFELFileContent {
    /// One readable key.
    final class Key {
        let name: String
        let dataset: HDF5Dataset
        let indexGroup: String
        let rowShape: [Int]
        let scalarType: HDF5ScalarType?
        let asBytes: Bool
        private var cachedStrings: [String]?

        init(name: String, dataset: HDF5Dataset, indexGroup: String, rowShape: [Int], asBytes: Bool) {
            self.name = name
            self.dataset = dataset
            self.indexGroup = indexGroup
            self.rowShape = rowShape
            self.scalarType = dataset.scalarType
            self.asBytes = asBytes
        }

        /// The dataset's strings (read once), or nil when it does not hold strings.
        func strings() -> [String]? {
            if cachedStrings == nil { cachedStrings = try? dataset.readStrings() }
            return cachedStrings
        }
    }

    /// One source: its keys and `(first, count)` per index group.
    final class Source {
        let name: String
        let section: EuXFELLayout.Section
        var keys: [Key] = []
        var index: [String: (first: [UInt64], count: [UInt64])] = [:]

        init(name: String, section: EuXFELLayout.Section) {
            self.name = name
            self.section = section
        }
    }

    let path: String
    let file: HDF5File
    /// Written by trainspotter: keys carry their original names (`bridgeKey`).
    let isOurs: Bool
    private(set) var sources: [Source] = []

    /// Opens `path` and reads the structure of the sources listed in `METADATA` that match
    /// `sourceGlob`, keeping the keys that match `keyGlob`.
    init(path: String, sourceNames: [(String, EuXFELLayout.Section)], keyGlob: Glob) throws(HDF5Error) {
        self.path = path
        file = try HDF5File.open(path)
        let root = file.root
        isOurs = ((try? root.attributes.string("writer")) ?? "").hasPrefix("trainspotter")
        for (name, section) in sourceNames {
            let source = Source(name: name, section: section)
            let base = section.rawValue + "/" + name
            guard let group = try? root.openGroup(base) else { continue }
            try collectKeys(in: group, prefix: [], source: source, keyGlob: keyGlob)
            let groupNames = Set(source.keys.map(\.indexGroup))
            for groupName in groupNames {
                let indexPath = groupName.isEmpty ? "INDEX/" + name : "INDEX/" + name + "/" + groupName
                guard let first = try? root.openDataset(indexPath + "/first").read(as: UInt64.self),
                      let count = try? root.openDataset(indexPath + "/count").read(as: UInt64.self) else { continue }
                source.index[groupName] = (first, count)
            }
            source.keys.removeAll { source.index[$0.indexGroup] == nil }
            // As EXtra-data's select: with a key pattern, sources without matching keys drop out.
            if keyGlob.pattern != "*" && source.keys.isEmpty { continue }
            sources.append(source)
        }
    }

    /// Walks a source's groups, collecting datasets as keys.
    private func collectKeys(in group: HDF5Group, prefix: [String], source: Source, keyGlob: Glob) throws(HDF5Error) {
        for member in try group.memberNames() {
            let path = prefix + [member]
            if var dataset = try? group.openDataset(member) {
                // Unfiltered chunks are read straight into the message's buffer without a
                // chunk cache (HDF5 caches chunks smaller than the cache, then copies them out);
                // filtered ones keep the cache, as one chunk may hold several trains.
                if dataset.chunkShape != nil && !dataset.hasFilters,
                   let uncached = try? group.openDataset(member, chunkCacheBytes: 0) {
                    dataset = uncached
                }
                var name = path.joined(separator: ".")
                var asBytes = !isOurs
                if isOurs {
                    // Our files name each key as it arrived; datasets without a name (made-up
                    // CONTROL timestamps) were not in the stream.
                    guard let original = try? dataset.attributes.string("bridgeKey") else { continue }
                    name = original
                    asBytes = (try? dataset.attributes.string("bridgeType")) == "bytes"
                }
                guard keyGlob.matches(name), let shape = try? dataset.shape, !shape.isEmpty else { continue }
                let indexGroup = EuXFELLayout.indexGroup(of: path.joined(separator: "."), in: source.section)
                source.keys.append(Key(name: name, dataset: dataset, indexGroup: indexGroup,
                                       rowShape: Array(shape.dropFirst()), asBytes: asBytes))
            } else if let child = try? group.openGroup(member) {
                try collectKeys(in: child, prefix: path, source: source, keyGlob: keyGlob)
            }
        }
    }

    /// The values of `source` in the train at `position` of this file (keys with count 0 left out).
    func values(of source: Source, at position: Int) throws(HDF5Error) -> [(String, Value)] {
        var result: [(String, Value)] = []
        for key in source.keys {
            guard let (firsts, counts) = source.index[key.indexGroup], position < firsts.count else { continue }
            let first = Int(firsts[position]), count = Int(counts[position])
            guard count > 0 else { continue }
            if let value = try read(key, first: first, count: count) { result.append((key.name, value)) }
        }
        return result
    }

    /// Rows `first ..< first+count` of a key: one row as itself (numbers for scalars), more
    /// as an array with a leading axis, as EXtra-data's train iterator gives them.
    private func read(_ key: Key, first: Int, count: Int) throws(HDF5Error) -> Value? {
        guard let type = key.scalarType else {
            guard let strings = key.strings() else { return nil }
            let perRow = key.rowShape.reduce(1, *)
            guard (first + count) * perRow <= strings.count else { return nil }
            let values = strings[(first * perRow)..<((first + count) * perRow)].map { text -> Value in
                key.asBytes ? .bytes(ByteSlice(copying: Array(text.utf8))) : .string(text)
            }
            return count == 1 && key.rowShape.isEmpty ? values[0] : .list(Array(values))
        }
        // One H5Dread per key and train, straight into the buffer the message will send.
        let rowBytes = key.rowShape.reduce(type.size, *)
        let (total, overflow) = rowBytes.multipliedReportingOverflow(by: count)
        guard !overflow else { return nil }
        let start = [first] + key.rowShape.map { _ in 0 }, extent = [count] + key.rowShape
        let storage = try HeapBytes(count: total) { (buffer: UnsafeMutableRawBufferPointer) throws(HDF5Error) in
            try key.dataset.readHyperslab(start: start, count: extent, into: buffer)
        }
        let data = ByteSlice(storage)
        let dtype = Self.dtype(type)
        if count == 1 && key.rowShape.isEmpty { return Self.scalar(type, data) }
        let shape = count == 1 ? key.rowShape : [count] + key.rowShape
        guard let array = try? NDArray(dtype: dtype, shape: shape, data: data) else { return nil }
        return .array(array)
    }

    /// numpy's `.item()` of one element: a plain number.
    static func scalar(_ type: HDF5ScalarType, _ data: ByteSlice) -> Value {
        data.withUnsafeBytes { raw in
            switch type {
            case .bool: return .bool(raw[0] != 0)
            case .int8: return .int(Int64(raw.loadUnaligned(as: Int8.self)))
            case .int16: return .int(Int64(raw.loadUnaligned(as: Int16.self)))
            case .int32: return .int(Int64(raw.loadUnaligned(as: Int32.self)))
            case .int64: return .int(raw.loadUnaligned(as: Int64.self))
            case .uint8: return .uint(UInt64(raw.loadUnaligned(as: UInt8.self)))
            case .uint16: return .uint(UInt64(raw.loadUnaligned(as: UInt16.self)))
            case .uint32: return .uint(UInt64(raw.loadUnaligned(as: UInt32.self)))
            case .uint64: return .uint(raw.loadUnaligned(as: UInt64.self))
            case .float32: return .double(Double(raw.loadUnaligned(as: Float.self)))
            case .float64: return .double(raw.loadUnaligned(as: Double.self))
            }
        }
    }

    static func dtype(_ type: HDF5ScalarType) -> DType {
        switch type {
        case .bool: return .bool
        case .int8: return .int8
        case .int16: return .int16
        case .int32: return .int32
        case .int64: return .int64
        case .uint8: return .uint8
        case .uint16: return .uint16
        case .uint32: return .uint32
        case .uint64: return .uint64
        case .float32: return .float32
        case .float64: return .float64
        }
    }

    func close() { file.close() }
}

@available(*, unavailable, message: "HDF5 objects belong to one thread")
extension EuXFELFileContent: Sendable {}
