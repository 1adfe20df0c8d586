import ByteSlices
import Foundation
import KaraboBridge

/// Minimal reader and writer of numpy's `.npy` format (versions 1–3, C order).
enum NPYFile {
    static let magic: [UInt8] = [0x93, 0x4E, 0x55, 0x4D, 0x50, 0x59]  // \x93NUMPY

    static func read(_ path: String) throws(OperatorError) -> DenseArray<Double> {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .file(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        let bytes = [UInt8](data)
        guard bytes.count >= 10, Array(bytes[0..<6]) == magic else { throw .file(path: path, reason: "not a .npy file") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        switch major {
        case 1: headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        case 2, 3:
            guard bytes.count >= 12 else { throw .file(path: path, reason: "truncated .npy header") }
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24
            headerStart = 12
        default: throw .file(path: path, reason: ".npy version \(major) is not supported")
        }
        guard bytes.count >= headerStart + headerLength else { throw .file(path: path, reason: "truncated .npy header") }
        let header = String(decoding: bytes[headerStart..<(headerStart + headerLength)], as: UTF8.self)
        guard let descr = field("descr", in: header).map({ $0.trimmingCharacters(in: CharacterSet(charactersIn: "'\"")) }),
              let fortran = field("fortran_order", in: header), let shapeText = field("shape", in: header) else {
            throw .file(path: path, reason: "unreadable .npy header \(header)")
        }
        guard fortran == "False" else { throw .file(path: path, reason: "Fortran-ordered .npy files are not supported") }
        let shape = shapeText.trimmingCharacters(in: CharacterSet(charactersIn: "()"))
            .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        let dtype = DType(parsing: descr)
        guard dtype.isNumeric else { throw .file(path: path, reason: "dtype \(descr) is not numeric") }
        let payload = ByteSlice(copying: bytes[(headerStart + headerLength)...])
        do {
            return try DenseArray(NDArray(dtype: dtype, shape: shape, data: payload))
        } catch let error as ArrayLayoutError {
            throw .file(path: path, reason: error.description)
        } catch {
            throw .file(path: path, reason: "\(error)")
        }
    }

    /// The raw text of `'key': value` in a header dict (tuples kept whole).
    static func field(_ key: String, in header: String) -> String? {
        guard let keyRange = header.range(of: "'\(key)'") ?? header.range(of: "\"\(key)\"") else { return nil }
        var rest = header[keyRange.upperBound...].drop { $0 == " " || $0 == ":" }
        if rest.first == "(" {
            guard let close = rest.firstIndex(of: ")") else { return nil }
            return String(rest[...close])
        }
        if let end = rest.firstIndex(where: { $0 == "," || $0 == "}" }) { rest = rest[..<end] }
        return rest.trimmingCharacters(in: .whitespaces)
    }

    static func write(_ path: String, descr: String, shape: [Int], bytes: [UInt8]) throws(OperatorError) {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
        // Pad so that the data starts at a multiple of 64 bytes, header ending in a newline.
        let unpadded = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - unpadded % 64) % 64) + "\n"
        var out = magic + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)]
        out += Array(header.utf8)
        out += bytes
        do { try Data(out).write(to: URL(fileURLWithPath: path)) } catch {
            throw .file(path: path, reason: "cannot write: \(error.localizedDescription)")
        }
    }
}
