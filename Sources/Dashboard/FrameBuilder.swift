import Foundation
import Hummingbird

/// Builds one binary WebSocket message: a little-endian UInt32 header length, the header
/// (JSON), zero padding to a multiple of 8, then the arrays the header points into
/// (`offset` from the start of the message, `count` elements, `dtype` `f4` or `f8`).
struct FrameBuilder {
    /// Where an array sits in the message.
    struct ArrayRef: Encodable, Equatable {
        var offset: Int
        var count: Int
        var dtype: String
    }

    private var payload: [UInt8] = []
    private(set) var arrays: [String: ArrayRef] = [:]

    /// Appends Float32 elements under `name`.
    mutating func add(_ name: String, _ values: [Float]) {
        arrays[name] = ArrayRef(offset: payload.count, count: values.count, dtype: "f4")
        values.withUnsafeBytes { payload.append(contentsOf: $0) }
        pad()
    }

    /// Appends Float64 elements under `name`.
    mutating func add(_ name: String, _ values: [Double]) {
        arrays[name] = ArrayRef(offset: payload.count, count: values.count, dtype: "f8")
        values.withUnsafeBytes { payload.append(contentsOf: $0) }
        pad()
    }

    private mutating func pad() {
        while payload.count % 8 != 0 { payload.append(0) }
    }

    /// The message for `header` (whose `arrays` field is filled in here).
    func message(_ header: FrameHeader) -> ByteBuffer {
        var header = header
        // Array offsets become absolute once the header's length is known; iterate to a fixed point.
        var prefix = 0
        var json: [UInt8] = []
        for _ in 0..<4 {
            header.arrays = arrays.mapValues { ArrayRef(offset: $0.offset + prefix, count: $0.count, dtype: $0.dtype) }
            json = header.json
            let next = (4 + json.count + 7) / 8 * 8
            if next == prefix { break }
            prefix = next
        }
        var buffer = ByteBuffer()
        buffer.reserveCapacity(prefix + payload.count)
        buffer.writeInteger(UInt32(json.count), endianness: .little)
        buffer.writeBytes(json)
        // Pad with spaces (valid JSON whitespace is not needed: the length excludes them).
        while buffer.writerIndex < prefix { buffer.writeInteger(UInt8(0x20)) }
        buffer.writeBytes(payload)
        return buffer
    }
}

/// The JSON header of a result message, written by ``json`` (HeaderJSON.swift). `Encodable`
/// gives the tests an independent reference for that writer.
struct FrameHeader: Encodable {
    var type = "result"
    var view: String
    var kind: String
    var train: UInt64
    var timestamp: Double?
    var receivedAt: Double
    var version: Int
    var sequence: UInt64
    var arrays: [String: FrameBuilder.ArrayRef] = [:]
    var labels: [String: AxisLabel] = [:]
    /// Scalars: the value (nil when not finite).
    var value: Double?
    /// Non-numeric results: a description.
    var text: String?
    /// Images: the source size, the region shown and its coordinate ranges.
    var image: ImageInfo?
    /// The last history entry included (trends and accumulated points).
    var historySequence: UInt64?

    struct ImageInfo: Encodable {
        var fullWidth: Int
        var fullHeight: Int
        var region: PixelRegion
        var width: Int
        var height: Int
        /// Coordinates of the first and last column/row shown.
        var xRange: [Double]
        var yRange: [Double]
        var reduction: Reduction
    }

}
