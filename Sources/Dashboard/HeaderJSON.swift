/// Writes the JSON header of a result message directly into bytes. Result headers are written
/// for every message sent (up to 10 per second per view per client), and Foundation's
/// `JSONEncoder` cost several times the image decimation; this writer produces the same
/// document (keys of absent optionals left out; non-finite numbers as the strings `NaN`,
/// `Infinity`, `-Infinity`).
struct HeaderJSON {
    private(set) var bytes: [UInt8] = []
    private var needsComma: [Bool] = []

    init() { bytes.reserveCapacity(512) }

    mutating func beginObject() { separate(); bytes.append(UInt8(ascii: "{")); needsComma.append(false) }
    mutating func endObject() { bytes.append(UInt8(ascii: "}")); needsComma.removeLast() }
    mutating func beginArray() { separate(); bytes.append(UInt8(ascii: "[")); needsComma.append(false) }
    mutating func endArray() { bytes.append(UInt8(ascii: "]")); needsComma.removeLast() }

    /// Starts the member `name` of the current object (its value follows).
    mutating func key(_ name: String) {
        separate()
        string(name)
        bytes.append(UInt8(ascii: ":"))
        // The value that follows needs no comma of its own.
        needsComma[needsComma.count - 1] = false
    }

    mutating func value(_ s: String) { separate(); string(s) }
    mutating func value(_ i: Int) { separate(); bytes.append(contentsOf: String(i).utf8) }
    mutating func value(_ u: UInt64) { separate(); bytes.append(contentsOf: String(u).utf8) }
    mutating func value(_ d: Double) {
        separate()
        if d.isNaN { string("NaN") } else if d == .infinity { string("Infinity") } else if d == -.infinity { string("-Infinity") }
        else { bytes.append(contentsOf: d.description.utf8) }
    }

    /// A comma before every element of an array or member of an object but the first.
    private mutating func separate() {
        guard let last = needsComma.last else { return }
        if last { bytes.append(UInt8(ascii: ",")) }
        needsComma[needsComma.count - 1] = true
    }

    private mutating func string(_ s: String) {
        bytes.append(UInt8(ascii: "\""))
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0..<0x20:
                let hex = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(b >> 4)], hex[Int(b & 15)]])
            default: bytes.append(b)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }
}

extension FrameHeader {
    /// The header as compact JSON (the arrays' offsets as they are set).
    var json: [UInt8] {
        var w = HeaderJSON()
        w.beginObject()
        w.key("type"); w.value(type)
        w.key("view"); w.value(view)
        w.key("kind"); w.value(kind)
        w.key("train"); w.value(train)
        if let timestamp { w.key("timestamp"); w.value(timestamp) }
        w.key("receivedAt"); w.value(receivedAt)
        w.key("version"); w.value(version)
        w.key("sequence"); w.value(sequence)
        w.key("arrays")
        w.beginObject()
        for (name, a) in arrays.sorted(by: { $0.key < $1.key }) {
            w.key(name)
            w.beginObject()
            w.key("offset"); w.value(a.offset)
            w.key("count"); w.value(a.count)
            w.key("dtype"); w.value(a.dtype)
            w.endObject()
        }
        w.endObject()
        w.key("labels")
        w.beginObject()
        for (name, l) in labels.sorted(by: { $0.key < $1.key }) {
            w.key(name)
            w.beginObject()
            w.key("label"); w.value(l.label)
            w.key("unit"); w.value(l.unit)
            w.endObject()
        }
        w.endObject()
        if let value { w.key("value"); w.value(value) }
        if let text { w.key("text"); w.value(text) }
        if let image {
            w.key("image")
            w.beginObject()
            w.key("fullWidth"); w.value(image.fullWidth)
            w.key("fullHeight"); w.value(image.fullHeight)
            w.key("region")
            w.beginObject()
            w.key("x0"); w.value(image.region.x0)
            w.key("y0"); w.value(image.region.y0)
            w.key("x1"); w.value(image.region.x1)
            w.key("y1"); w.value(image.region.y1)
            w.endObject()
            w.key("width"); w.value(image.width)
            w.key("height"); w.value(image.height)
            w.key("xRange"); w.beginArray(); for x in image.xRange { w.value(x) }; w.endArray()
            w.key("yRange"); w.beginArray(); for y in image.yRange { w.value(y) }; w.endArray()
            w.key("reduction"); w.value(image.reduction.rawValue)
            w.endObject()
        }
        if let historySequence { w.key("historySequence"); w.value(historySequence) }
        w.endObject()
        return w.bytes
    }
}
