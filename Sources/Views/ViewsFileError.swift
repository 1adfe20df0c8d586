/// One problem found while loading a views file.
public struct ViewProblem: Sendable, Hashable, CustomStringConvertible {
    /// What kind of problem.
    public enum Kind: String, Sendable, Hashable {
        case syntax, unknownOperator, unknownParameter, badParameter, missingParameter
        case unknownInput, missingInput, badPath, missingView, cycle, kindMismatch, duplicateView, badEntry
    }

    public var kind: Kind
    /// The view at fault (nil for problems of the file as a whole).
    public var view: String?
    /// Where.
    public var location: SourceLocation
    /// What is wrong, in words.
    public var message: String

    public init(_ kind: Kind, view: String?, at location: SourceLocation, _ message: String) {
        self.kind = kind
        self.view = view
        self.location = location
        self.message = message
    }

    public var description: String {
        "\(location): " + (view.map { "view '\($0)': " } ?? "") + message
    }
}

/// A views file that cannot run: every problem found, each with its view and line.
public struct ViewsFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var problems: [ViewProblem]

    public init(_ problems: [ViewProblem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
