/// A read-only view of a range of bytes in a ``ByteStorage``, which it keeps alive.
///
/// Slicing never copies. This is how array payloads travel from the socket to views,
/// recordings and back out to sockets.
public struct ByteSlice: Sendable {
    /// The owner of the bytes.
    public let storage: any ByteStorage
    /// Where the slice starts inside `storage`.
    public let offset: Int
    /// Number of bytes in the slice.
    public let count: Int

    /// A slice covering all of `storage`.
    public init(_ storage: any ByteStorage) {
        self.storage = storage
        self.offset = 0
        self.count = storage.storageBytes.count
    }

    /// A slice of `storage`; `nil` when the range does not lie inside it.
    public init?(_ storage: any ByteStorage, offset: Int, count: Int) {
        guard offset >= 0, count >= 0, offset <= storage.storageBytes.count,
              count <= storage.storageBytes.count - offset else { return nil }
        self.storage = storage
        self.offset = offset
        self.count = count
    }

    /// Copies `bytes` into a fresh heap buffer.
    public init(copying bytes: some Collection<UInt8>) {
        let storage = HeapBytes(count: bytes.count) { (buffer: UnsafeMutableRawBufferPointer) in
            _ = buffer.initializeMemory(as: UInt8.self, from: bytes)
        }
        self.init(storage)
    }

    /// Copies the UTF-8 bytes of `string`.
    public init(utf8 string: String) {
        self.init(copying: Array(string.utf8))
    }

    /// An empty slice.
    public static let empty = ByteSlice(copying: [UInt8]())

    /// Calls `body` with the slice's bytes. The pointer is valid only inside `body`.
    @inlinable
    public func withUnsafeBytes<R, E: Error>(_ body: (UnsafeRawBufferPointer) throws(E) -> R) throws(E) -> R {
        let whole = storage.storageBytes
        guard let base = whole.baseAddress else { return try body(UnsafeRawBufferPointer(start: nil, count: 0)) }
        let result = try body(UnsafeRawBufferPointer(start: base + offset, count: count))
        withExtendedLifetime(storage) {}
        return result
    }

    /// A sub-range of this slice, relative to its start; `nil` when out of range.
    public func slice(offset subOffset: Int, count subCount: Int) -> ByteSlice? {
        guard subOffset >= 0, subCount >= 0, subOffset <= count, subCount <= count - subOffset else { return nil }
        return ByteSlice(storage, offset: offset + subOffset, count: subCount)
    }

    /// A copy of the bytes as an array.
    public var bytes: [UInt8] { withUnsafeBytes { Array($0) } }

    /// Whether two slices view the very same memory (same storage, same range).
    public func isSameMemory(as other: ByteSlice) -> Bool {
        storage === other.storage && offset == other.offset && count == other.count
    }
}

extension ByteSlice: RandomAccessCollection {
    public var startIndex: Int { 0 }
    public var endIndex: Int { count }
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "ByteSlice index out of range")
        return storage.storageBytes[offset + position]
    }
}

extension ByteSlice: Equatable {
    /// Byte-wise equality.
    public static func == (lhs: ByteSlice, rhs: ByteSlice) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.isSameMemory(as: rhs) { return true }
        return lhs.withUnsafeBytes { a in rhs.withUnsafeBytes { b in a.elementsEqual(b) } }
    }
}

extension ByteSlice: CustomStringConvertible {
    public var description: String { "ByteSlice(\(count) bytes)" }
}
