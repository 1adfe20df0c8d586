import Foundation

/// The kinds of source the simulator can send (`--sources`).
public enum SourceKind: String, Sendable, CaseIterable, Comparable {
    /// The `-d` detector (AGIPD, AGIPDModule or LPD), structured like `karabo-bridge-server-sim`.
    case detector
    /// A JUNGFRAU module: `data.adc` with gain and memory cells.
    case jungfrau
    /// A camera sending Karabo ImageData keys (`data.image.pixels`, …) with a beam spot.
    case camera
    /// An X-ray gas monitor: pulse energies (fast `:output` source and slow control source).
    case xgm
    /// A beam-steering motor (control data) scanning slowly back and forth.
    case motor
    /// The pump-probe laser state per pulse.
    case laser

    /// Parses a comma-separated list of kinds; `all` means every kind.
    public static func parseList(_ text: String) throws(SimulatorError) -> Set<SourceKind> {
        var kinds = Set<SourceKind>()
        for item in text.split(separator: ",") {
            let name = item.trimmingCharacters(in: .whitespaces).lowercased()
            if name == "all" {
                kinds.formUnion(allCases)
            } else if let kind = SourceKind(rawValue: name) {
                kinds.insert(kind)
            } else {
                throw .invalidOption("--sources: unknown source kind '\(name)' (use all or a list of "
                                     + allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }
        }
        guard !kinds.isEmpty else { throw .invalidOption("--sources: the list is empty") }
        return kinds
    }

    public static func < (lhs: SourceKind, rhs: SourceKind) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}
