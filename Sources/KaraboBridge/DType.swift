/// The element type of an array, as numpy names it on the wire.
///
/// Both spellings appear: numpy names (`uint16`, `float32`, `bool`) and typestrs with a
/// byte-order character (`>u2`, `<f4`, `|b1`). Unknown spellings are kept as
/// ``Kind-swift.enum/opaque`` so their bytes still travel, undecoded.
public struct DType: Sendable, Hashable {
    /// The family of the element type.
    public enum Kind: Sendable, Hashable {
        case bool, signedInteger, unsignedInteger, float, complex
        /// Fixed-length byte strings (`|S3`).
        case bytes
        /// Fixed-length UCS-4 strings (`<U2`).
        case unicode
        /// A type this decoder does not interpret (structured, datetime, object, unknown names).
        case opaque
    }

    /// The family.
    public let kind: Kind
    /// Bytes per element; 0 when unknown (opaque types without a size).
    public let itemSize: Int
    /// Whether multi-byte elements are stored big-endian.
    public let isBigEndian: Bool
    /// The spelling received (or the canonical one for constructed types).
    public let wireName: String

    private init(kind: Kind, itemSize: Int, isBigEndian: Bool, wireName: String) {
        self.kind = kind
        self.itemSize = itemSize
        self.isBigEndian = isBigEndian
        self.wireName = wireName
    }

    public static let bool = DType(kind: .bool, itemSize: 1, isBigEndian: false, wireName: "bool")
    public static let int8 = DType(kind: .signedInteger, itemSize: 1, isBigEndian: false, wireName: "int8")
    public static let int16 = DType(kind: .signedInteger, itemSize: 2, isBigEndian: false, wireName: "int16")
    public static let int32 = DType(kind: .signedInteger, itemSize: 4, isBigEndian: false, wireName: "int32")
    public static let int64 = DType(kind: .signedInteger, itemSize: 8, isBigEndian: false, wireName: "int64")
    public static let uint8 = DType(kind: .unsignedInteger, itemSize: 1, isBigEndian: false, wireName: "uint8")
    public static let uint16 = DType(kind: .unsignedInteger, itemSize: 2, isBigEndian: false, wireName: "uint16")
    public static let uint32 = DType(kind: .unsignedInteger, itemSize: 4, isBigEndian: false, wireName: "uint32")
    public static let uint64 = DType(kind: .unsignedInteger, itemSize: 8, isBigEndian: false, wireName: "uint64")
    public static let float16 = DType(kind: .float, itemSize: 2, isBigEndian: false, wireName: "float16")
    public static let float32 = DType(kind: .float, itemSize: 4, isBigEndian: false, wireName: "float32")
    public static let float64 = DType(kind: .float, itemSize: 8, isBigEndian: false, wireName: "float64")
    public static let complex64 = DType(kind: .complex, itemSize: 8, isBigEndian: false, wireName: "complex64")
    public static let complex128 = DType(kind: .complex, itemSize: 16, isBigEndian: false, wireName: "complex128")

    private static let byName: [String: DType] = {
        var table: [String: DType] = [:]
        for t in [bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64,
                  float16, float32, float64, complex64, complex128] { table[t.wireName] = t }
        return table
    }()

    /// Parses a numpy name or typestr. Never fails: unknown spellings become opaque.
    public init(parsing name: String) {
        if let known = DType.byName[name] {
            self = known
            return
        }
        self = DType.parseTypestr(name) ?? DType(kind: .opaque, itemSize: 0, isBigEndian: false, wireName: name)
    }

    /// `[<>|=]?[biufcSUV]\d+`, as numpy writes typestrs.
    private static func parseTypestr(_ name: String) -> DType? {
        var chars = Substring(name)
        var bigEndian = false
        if let first = chars.first, "<>|=".contains(first) {
            bigEndian = first == ">"
            chars = chars.dropFirst()
        }
        guard let code = chars.first, let size = Int(chars.dropFirst()), size >= 0, size <= 1 << 20 else { return nil }
        let kind: Kind
        switch (code, size) {
        case ("b", 1), ("?", 1): kind = .bool
        case ("i", 1), ("i", 2), ("i", 4), ("i", 8): kind = .signedInteger
        case ("u", 1), ("u", 2), ("u", 4), ("u", 8): kind = .unsignedInteger
        case ("f", 2), ("f", 4), ("f", 8): kind = .float
        case ("c", 8), ("c", 16): kind = .complex
        case ("S", _): kind = .bytes
        case ("U", _): return DType(kind: .unicode, itemSize: size * 4, isBigEndian: bigEndian, wireName: name)
        case ("V", _), ("m", 8), ("M", 8): kind = .opaque
        default: return nil
        }
        if kind == .opaque { return DType(kind: .opaque, itemSize: size, isBigEndian: false, wireName: name) }
        let multiByte = size > 1 && kind != .bytes
        return DType(kind: kind, itemSize: size, isBigEndian: multiByte && bigEndian, wireName: name)
    }

    /// Whether elements can be read as numbers (bool, integers, floats).
    public var isNumeric: Bool { [.bool, .signedInteger, .unsignedInteger, .float].contains(kind) }

    /// numpy's `str(dtype)`: `uint16` for native little-endian numbers, the typestr otherwise (`>u2`, `|S3`).
    public var numpyName: String {
        switch kind {
        case .bool: return "bool"
        case .signedInteger, .unsignedInteger, .float, .complex:
            if isBigEndian { return typestr }
            let base = ["signedInteger": "int", "unsignedInteger": "uint", "float": "float", "complex": "complex"]
            return base["\(kind)"]! + String(itemSize * 8)
        case .bytes: return "|S\(itemSize)"
        case .unicode: return "<U\(itemSize / 4)"
        case .opaque: return wireName
        }
    }

    /// numpy's typestr (`dtype.str`): `<u2`, `>f4`, `|b1`, `|u1`.
    public var typestr: String {
        switch kind {
        case .bool: return "|b1"
        case .signedInteger, .unsignedInteger, .float, .complex:
            let code = ["signedInteger": "i", "unsignedInteger": "u", "float": "f", "complex": "c"]["\(kind)"]!
            let order = itemSize == 1 ? "|" : (isBigEndian ? ">" : "<")
            return order + code + String(itemSize)
        case .bytes: return "|S\(itemSize)"
        case .unicode: return "<U\(itemSize / 4)"
        case .opaque: return wireName
        }
    }
}

extension DType: CustomStringConvertible {
    public var description: String { numpyName }
}

extension DType {
    /// Same element type, whatever the spelling (`float32` == `<f4`); opaque types compare by name.
    public static func == (lhs: DType, rhs: DType) -> Bool {
        guard lhs.kind == rhs.kind, lhs.itemSize == rhs.itemSize, lhs.isBigEndian == rhs.isBigEndian else { return false }
        return lhs.kind != .opaque || lhs.wireName == rhs.wireName
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(kind)
        hasher.combine(itemSize)
        hasher.combine(isBigEndian)
        if kind == .opaque { hasher.combine(wireName) }
    }
}
