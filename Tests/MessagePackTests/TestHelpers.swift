import ByteSlices
import Foundation
import MessagePack

/// Bytes from a hex string such as "81 a1 61 01" (spaces ignored).
func hexBytes(_ hex: String) -> [UInt8] {
    let digits = Array(hex.filter { !$0.isWhitespace })
    precondition(digits.count % 2 == 0, "odd hex string")
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(digits[$0...$0 + 1]), radix: 16)! }
}

/// A fresh slice holding the bytes of a hex string.
func hexSlice(_ hex: String) -> ByteSlice { ByteSlice(copying: hexBytes(hex)) }

/// The bytes `MessagePackWriter` produces for `value`.
func packed(_ value: MessagePackValue) -> [UInt8] {
    let writer = MessagePackWriter()
    writer.pack(value)
    return writer.finish().bytes
}

/// The bytes `body` writes.
func packed(_ body: (MessagePackWriter) -> Void) -> [UInt8] {
    let writer = MessagePackWriter()
    body(writer)
    return writer.finish().bytes
}

/// The error decoding `bytes` throws, or nil when it decodes.
func decodeError(_ bytes: [UInt8], decoder: MessagePackDecoder = MessagePackDecoder()) -> MessagePackError? {
    do {
        _ = try decoder.decode(ByteSlice(copying: bytes))
        return nil
    } catch {
        return error
    }
}

/// Whether `error` is `.tooLarge` (whatever the reason text).
func isTooLarge(_ error: MessagePackError?) -> Bool {
    if case .tooLarge = error { return true }
    return false
}

/// The shared test vectors folder: `$TRAINSPOTTER_SHARED/vectors` or `../shared/vectors`
/// beside the package root.
let vectorsDirectory: URL = {
    if let path = ProcessInfo.processInfo.environment["TRAINSPOTTER_SHARED"] {
        return URL(fileURLWithPath: path).appendingPathComponent("vectors")
    }
    var url = URL(fileURLWithPath: #filePath)
    while url.path != "/" {
        url.deleteLastPathComponent()
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) { break }
    }
    return url.deletingLastPathComponent().appendingPathComponent("shared/vectors")
}()

/// Reads a vector file into a heap slice.
func readVector(_ relativePath: String) throws -> ByteSlice {
    let data = try Data(contentsOf: vectorsDirectory.appendingPathComponent(relativePath))
    return ByteSlice(copying: data)
}
