/// Where bridge sources and keys go in a European XFEL HDF5 file.
///
/// A source whose name has a `:` (an output channel, `DEVICE:CHANNEL`) is INSTRUMENT data:
/// key `a.b.c` is stored at `INSTRUMENT/SOURCE/a/b/c` and indexed by
/// `INDEX/SOURCE/a/{first,count}` (the first key component is the index group). Any other
/// source is CONTROL data: key `a.b` is stored at `CONTROL/SOURCE/a/b/value` with
/// `CONTROL/SOURCE/a/b/timestamp`, indexed by `INDEX/SOURCE/{first,count}`; keys already
/// ending in `.value` (as EXtra-data's serve-files sends them) keep that leaf.
public enum EuXFELLayout {
    /// The two kinds of data sources.
    public enum Section: String, Sendable {
        case control = "CONTROL"
        case instrument = "INSTRUMENT"
    }

    /// The section a bridge source belongs to.
    public static func section(of source: String) -> Section {
        source.contains(":") ? .instrument : .control
    }

    /// A key's components as HDF5 names: split at `.`, with `/` and empty names replaced.
    static func components(of key: String) -> [String] {
        key.split(separator: ".", omittingEmptySubsequences: false).map { part in
            let name = part.replacingOccurrences(of: "/", with: "_")
            return name.isEmpty || name == "." ? "_" : name
        }
    }

    /// The index group of an INSTRUMENT key (its first component); `""` for CONTROL sources.
    static func indexGroup(of key: String, in section: Section) -> String {
        section == .control ? "" : components(of: key)[0]
    }

    /// The source's name as an HDF5 path below a section (`/` separators kept).
    static func sourcePath(_ source: String) -> String {
        source.split(separator: "/", omittingEmptySubsequences: false).map { $0.isEmpty ? "_" : String($0) }.joined(separator: "/")
    }
}
