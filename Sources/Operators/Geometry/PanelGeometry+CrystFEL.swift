import Foundation

extension PanelGeometry {
    /// Parses the text of a CrystFEL `.geom` file.
    ///
    /// - Parameters:
    ///   - file: the name used in error messages.
    ///   - dataShape: the shape of one frame of the data it will be applied to (`[modules, ss, fs]`,
    ///     or `[ss, fs]`), when known: a module count that differs, or a panel outside it, is then
    ///     an error at load.
    /// - Throws: ``GeometryError`` naming the line at fault.
    public init(crystFEL text: String, file: String = "<text>", dataShape: [Int]? = nil) throws(GeometryError) {
        var parser = CrystFELParser(file: file)
        try parser.read(text)
        self = try parser.build(expectedShape: dataShape)
    }

    /// Reads a CrystFEL `.geom` file; see ``init(crystFEL:file:dataShape:)``.
    public static func load(crystFEL path: String, dataShape: [Int]? = nil) throws(GeometryError) -> PanelGeometry {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw GeometryError(file: path, line: 0, "cannot read: \(error.localizedDescription)")
        }
        return try PanelGeometry(crystFEL: text, file: path, dataShape: dataShape)
    }
}
