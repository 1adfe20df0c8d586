import ByteSlices
import HDF5

/// One dataset being filled row by row (one row per train that has the value).
///
/// Numeric rows are written as whole chunks with direct chunk writes: a row of at least
/// ``directRowBytes`` is written straight from the received buffer (no copy), one train per
/// chunk along the first axis, and split along the row's own first axis into chunks of at
/// most ``maxChunkBytes`` (an AGIPD train: 16 chunks of one module each); smaller rows are
/// gathered into chunks of up to ``chunkTargetBytes`` first. Strings are
/// kept until the file is closed (HDF5 variable-length strings are written in one go).
/// Owned by the HDF5 writer thread.
final class HDF5Column {
    static let directRowBytes = 1 << 20
    static let chunkTargetBytes = 1 << 20
    static let maxChunkRows = 1024
    static let maxChunkBytes = 32 << 20

    /// Path inside the file (`/INSTRUMENT/…`).
    let path: String
    let kind: ColumnKind
    let bridgeKey: String?
    let wasBytes: Bool
    private let dataset: HDF5Dataset?
    private let rowBytes: Int
    private let rowShape: [Int]
    let chunkRows: Int
    /// Extent of the row's first axis per chunk (direct rows split into several chunks).
    private let chunkLead: Int
    /// Rows appended so far.
    private(set) var rows = 0
    private var extent = 0
    private var buffer: UnsafeMutableRawBufferPointer?
    private var buffered = 0
    private var strings: [String] = []
    /// The first row, kept (when small) for the RUN section.
    private(set) var firstRow: [UInt8]?
    /// The first string of a string column.
    var firstString: String? { strings.first }

    /// Creates the dataset (numeric columns) below `root`.
    init(root: HDF5Group, path: String, kind: ColumnKind, bridgeKey: String?, wasBytes: Bool) throws(HDF5Error) {
        self.path = path
        self.kind = kind
        self.bridgeKey = bridgeKey
        self.wasBytes = wasBytes
        switch kind {
        case let .numeric(type, shape):
            rowShape = shape
            rowBytes = shape.reduce(type.size, *)
            chunkRows = rowBytes >= Self.directRowBytes ? 1 : max(1, min(Self.maxChunkRows, Self.chunkTargetBytes / rowBytes))
            chunkLead = chunkRows == 1 ? Self.leadingSplit(shape: shape, rowBytes: rowBytes) : (shape.first ?? 1)
            var chunk = [chunkRows] + shape
            if !shape.isEmpty { chunk[1] = chunkLead }
            let dataset = try root.createDataset(path, type: type, shape: [0] + shape,
                                                 maxShape: [nil] + shape.map { Optional($0) }, chunk: chunk)
            if let bridgeKey { try dataset.attributes.set("bridgeKey", string: bridgeKey) }
            self.dataset = dataset
            if chunkRows > 1 {
                let memory = UnsafeMutableRawBufferPointer.allocate(byteCount: chunkRows * rowBytes, alignment: 64)
                memory.initializeMemory(as: UInt8.self, repeating: 0)
                buffer = memory
            }
        case .string:
            rowShape = []
            rowBytes = 0
            chunkRows = 1
            chunkLead = 1
            dataset = nil
        }
    }

    deinit { buffer?.deallocate() }

    /// The largest divisor of the row's first extent whose block fits in ``maxChunkBytes``.
    static func leadingSplit(shape: [Int], rowBytes: Int) -> Int {
        guard let lead = shape.first, lead > 1, rowBytes > maxChunkBytes else { return shape.first ?? 1 }
        let perLead = rowBytes / lead
        return (1...lead).reversed().first { lead % $0 == 0 && $0 * perLead <= maxChunkBytes } ?? 1
    }

    /// Appends one row. Numeric payloads must hold exactly one row of native-layout bytes.
    func append(_ payload: RowPayload) throws(HDF5Error) {
        switch payload {
        case let .string(s):
            strings.append(s)
        case let .slice(slice):
            try appendBytes(slice.stableBytes)
            withExtendedLifetime(slice) {}
        case let .inline(bytes):
            let storage = ByteSlice(copying: bytes)
            try appendBytes(storage.stableBytes)
            withExtendedLifetime(storage) {}
        }
        rows += 1
    }

    private func appendBytes(_ bytes: UnsafeRawBufferPointer) throws(HDF5Error) {
        guard let dataset else { return }
        precondition(bytes.count == rowBytes, "row of \(bytes.count) bytes for a column of \(rowBytes)-byte rows")
        if rows == 0 && rowBytes <= 1 << 16 { firstRow = Array(bytes) }
        if let buffer {
            buffer.baseAddress!.advanced(by: buffered * rowBytes).copyMemory(from: bytes.baseAddress!, byteCount: rowBytes)
            buffered += 1
            if buffered == chunkRows { try flushChunk() }
        } else {
            try grow(to: rows + 1)
            let pieces = rowShape.isEmpty ? 1 : rowShape[0] / chunkLead
            let block = rowBytes / pieces
            for piece in 0..<pieces {
                var offset = [rows] + rowShape.map { _ in 0 }
                if !rowShape.isEmpty { offset[1] = piece * chunkLead }
                try dataset.writeChunk(UnsafeRawBufferPointer(rebasing: bytes[(piece * block)..<((piece + 1) * block)]),
                                       chunkOffset: offset)
            }
        }
    }

    /// Writes the gathered rows as one chunk (the whole chunk, even when partly filled).
    private func flushChunk() throws(HDF5Error) {
        guard let dataset, let buffer, buffered > 0 else { return }
        let start = rows + 1 - buffered
        try grow(to: start + chunkRows)
        try dataset.writeChunk(UnsafeRawBufferPointer(buffer), chunkOffset: [start] + rowShape.map { _ in 0 })
        buffered = 0
    }

    /// Makes the extent at least `needed` rows, growing geometrically.
    private func grow(to needed: Int) throws(HDF5Error) {
        guard let dataset, needed > extent else { return }
        extent = max(needed, min(extent * 2, extent + 4096), chunkRows)
        try dataset.extend(to: [extent] + rowShape)
    }

    /// Writes what is pending and sets the final extent (strings: writes the dataset).
    func finish(root: HDF5Group) throws(HDF5Error) {
        if let dataset {
            if buffered > 0 {
                // `rows` already counts the buffered rows: the chunk starts at rows - buffered.
                let start = rows - buffered
                try grow(to: start + chunkRows)
                try dataset.writeChunk(UnsafeRawBufferPointer(buffer!), chunkOffset: [start] + rowShape.map { _ in 0 })
                buffered = 0
            }
            try dataset.extend(to: [rows] + rowShape)
        } else {
            let strings = try root.createStringDataset(path, values: strings)
            if let bridgeKey { try strings.attributes.set("bridgeKey", string: bridgeKey) }
            if wasBytes { try strings.attributes.set("bridgeType", string: "bytes") }
        }
    }
}

@available(*, unavailable, message: "HDF5 objects belong to the writer thread")
extension HDF5Column: Sendable {}
