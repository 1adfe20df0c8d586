import Foundation

extension DetectorGeometry {
    /// Reads a pyFAI `.poni` file (versions 1–2.1 and 3): `Key: value` lines, keys read
    /// case-insensitively, `#` comments. Distance, PONI and rotations in metres and radians;
    /// pixel sizes and the shape from `Detector_config` (`pixel1`, `pixel2`, `max_shape`) or
    /// version 1's `PixelSize1/2`.
    ///
    /// - Parameters:
    ///   - rows, columns: the image shape when the file gives no `max_shape`.
    /// - Throws: ``GeometryError`` naming the line at fault.
    public static func load(poni path: String, rows: Int? = nil, columns: Int? = nil) throws(GeometryError) -> DetectorGeometry {
        let text: String
        do { text = try String(contentsOfFile: path, encoding: .utf8) } catch {
            throw GeometryError(file: path, line: 0, "cannot read: \(error.localizedDescription)")
        }
        return try DetectorGeometry(poni: text, file: path, rows: rows, columns: columns)
    }

    /// Parses the text of a `.poni` file; see ``load(poni:rows:columns:)``.
    public init(poni text: String, file: String = "<text>", rows: Int? = nil, columns: Int? = nil) throws(GeometryError) {
        var numbers: [String: (Double, Int)] = [:]
        var shape: [Int]?
        var number = 0
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            number += 1
            let line = CrystFELSyntax.trimmed(raw)
            if line.isEmpty || line.hasPrefix("#") { continue }
            guard let colon = line.firstIndex(of: ":") else { throw GeometryError(file: file, line: number, "expected 'Key: value', got '\(line)'") }
            let key = CrystFELSyntax.trimmed(line[..<colon]).lowercased()
            let value = CrystFELSyntax.trimmed(line[line.index(after: colon)...])
            switch key {
            case "distance", "poni1", "poni2", "rot1", "rot2", "rot3", "wavelength", "pixelsize1", "pixelsize2":
                guard let v = Double(value), v.isFinite else { throw GeometryError(file: file, line: number, "\(key) must be a number, got '\(value)'") }
                numbers[key] = (v, number)
            case "detector_config":
                guard let json = try? JSONSerialization.jsonObject(with: Data(value.utf8)) as? [String: Any] else {
                    throw GeometryError(file: file, line: number, "Detector_config is not a JSON object")
                }
                if let p1 = json["pixel1"] as? Double { numbers["pixelsize1"] = (p1, number) }
                if let p2 = json["pixel2"] as? Double { numbers["pixelsize2"] = (p2, number) }
                if let s = json["max_shape"] as? [Int], s.count == 2 { shape = s }
                if let o = json["orientation"] as? Int, o != 3 {
                    throw GeometryError(file: file, line: number, "orientation \(o) is not supported (only pyFAI's native 3)")
                }
            case "poni_version", "detector", "splinefile", "parallax", "calibrant":
                continue
            default:
                throw GeometryError(file: file, line: number, "unknown key '\(key)'")
            }
        }
        func need(_ key: String) throws(GeometryError) -> Double {
            guard let v = numbers[key] else { throw GeometryError(file: file, line: 0, "no \(key)") }
            return v.0
        }
        guard let r = shape?[0] ?? rows, let c = shape?[1] ?? columns else {
            throw GeometryError(file: file, line: 0, "no max_shape in Detector_config: give rows and columns")
        }
        self.init(rows: r, columns: c, pixel1: try need("pixelsize1"), pixel2: try need("pixelsize2"),
                  distance: try need("distance"), poni1: try need("poni1"), poni2: try need("poni2"),
                  rot1: numbers["rot1"]?.0 ?? 0, rot2: numbers["rot2"]?.0 ?? 0, rot3: numbers["rot3"]?.0 ?? 0,
                  wavelength: numbers["wavelength"]?.0)
        do { try validate() } catch { throw GeometryError(file: file, line: 0, "\(error)") }
    }
}
