import ByteSlices
import Foundation

/// One protocol message: a JSON header and a binary payload.
struct Frame: @unchecked Sendable {
    /// The JSON object.
    var header: [String: Any]
    /// The payload (array results), possibly empty.
    var payload: ByteSlice

    init(_ header: [String: Any], payload: ByteSlice = .empty) {
        self.header = header
        self.payload = payload
    }

    /// `header[key]` as a string.
    func string(_ key: String) -> String? { header[key] as? String }
    /// Whether the reply says `ok: true`.
    var ok: Bool { header["ok"] as? Bool ?? false }
}
