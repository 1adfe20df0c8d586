import Foundation

/// Where a view input comes from.
public enum InputPath: Sendable, Hashable, CustomStringConvertible {
    /// `SOURCE[key]`: a key of a source in the train.
    case source(String, key: String)
    /// `view:NAME`: another view's result.
    case view(String)
    /// `train:id`: the train ID.
    case trainID
    /// `train:timestamp`: the train's timestamp (Unix seconds).
    case timestamp

    /// Parses `SOURCE[key]`, `view:NAME`, `train:id` or `train:timestamp`.
    public init?(parsing text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("view:") {
            let name = String(t.dropFirst(5))
            guard !name.isEmpty else { return nil }
            self = .view(name)
        } else if t == "train:id" {
            self = .trainID
        } else if t == "train:timestamp" {
            self = .timestamp
        } else if t.hasSuffix("]"), let open = t.firstIndex(of: "[") {
            let source = String(t[..<open])
            let key = String(t[t.index(after: open)..<t.index(before: t.endIndex)])
            guard !source.isEmpty, !key.isEmpty else { return nil }
            self = .source(source, key: key)
        } else {
            return nil
        }
    }

    /// The view this path reads, if it reads one.
    public var viewName: String? { if case let .view(n) = self { return n }; return nil }

    public var description: String {
        switch self {
        case let .source(s, k): return "\(s)[\(k)]"
        case let .view(n): return "view:\(n)"
        case .trainID: return "train:id"
        case .timestamp: return "train:timestamp"
        }
    }
}
