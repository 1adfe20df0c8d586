/// A geometry file that cannot be used, with the place that is wrong.
///
/// Printed as `FILE:LINE: what is wrong` (line 0 when the problem is the file as a whole,
/// for example a panel count that does not fit the data).
public struct GeometryError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file (as given), or a name such as `<text>` for geometry parsed from memory.
    public var file: String
    /// 1-based line number; 0 when no single line is at fault.
    public var line: Int
    /// What is wrong.
    public var message: String

    public init(file: String, line: Int, _ message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String { "\(file):\(line): \(message)" }
}
