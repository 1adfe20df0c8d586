import OrderedCollections

/// A pulse-resolved source read pulse by pulse. Every slice is a view: nothing is copied.
public struct PulseTrain: Sendable, RandomAccessCollection {
    /// The source.
    public let source: String
    /// The layout the arrays were read with.
    public let layout: PulseLayout
    /// `image.pulseId` per pulse, if sent.
    public let pulseIDs: [UInt64]?
    /// `image.cellId` (memory cell) per pulse, if sent.
    public let cellIDs: [UInt64]?
    /// The pulse-resolved arrays (pulse axis of the pulse count under `layout`).
    public let arrays: OrderedDictionary<String, NDArray>

    public let startIndex = 0
    public let endIndex: Int

    init(source: String, layout: PulseLayout, count: Int, pulseIDs: [UInt64]?, cellIDs: [UInt64]?,
         arrays: OrderedDictionary<String, NDArray>) {
        self.source = source
        self.layout = layout
        self.endIndex = count
        self.pulseIDs = pulseIDs
        self.cellIDs = cellIDs
        self.arrays = arrays
    }

    /// The pulse-resolved keys.
    public var keys: [String] { Array(arrays.keys) }

    /// The pulse at `index` (0-based position in the train).
    public subscript(index: Int) -> Pulse {
        precondition(index >= startIndex && index < endIndex, "pulse index \(index) out of range 0..<\(endIndex)")
        var slices = OrderedDictionary<String, NDArray>(minimumCapacity: arrays.count)
        for (key, array) in arrays {
            let axis = layout == .file ? 0 : array.rank - 1
            slices[key] = array.selecting(axis: axis, index: index)
        }
        return Pulse(index: index, pulseID: pulseIDs?[index], cellID: cellIDs?[index], values: slices)
    }
}

/// One pulse of a train: its IDs and its slice of every pulse-resolved key.
public struct Pulse: Sendable {
    /// Position in the train.
    public let index: Int
    /// `image.pulseId` of this pulse.
    public let pulseID: UInt64?
    /// `image.cellId` of this pulse.
    public let cellID: UInt64?
    /// Key → this pulse's slice (a view).
    public let values: OrderedDictionary<String, NDArray>

    /// This pulse's slice of `key`.
    public subscript(key: String) -> NDArray? { values[key] }
}

/// Why a source could not be read pulse by pulse.
public enum PulseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Neither `image.pulseId` nor `image.cellId` is a 1-D array, so the pulse count is unknown.
    case noPulseIndex(source: String)
    /// No layout was given and no ``SourceKinds`` rule names the source.
    case layoutUnknown(source: String)
    /// `image.pulseId` and `image.cellId` disagree on the pulse count.
    case inconsistentPulseCount(source: String, pulseIDs: Int, cellIDs: Int)

    public var description: String {
        switch self {
        case let .noPulseIndex(source):
            return "source '\(source)' has no 1-D image.pulseId or image.cellId, so its pulses cannot be indexed"
        case let .layoutUnknown(source):
            return "the pulse layout of '\(source)' is not known; state it (online = pulses last, file = pulses first)"
        case let .inconsistentPulseCount(source, p, c):
            return "source '\(source)' has \(p) pulse IDs but \(c) cell IDs"
        }
    }
}

extension SourceData {
    /// Reads this source pulse by pulse, with the pulse axis where `layout` puts it.
    public func pulses(layout: PulseLayout) throws(PulseError) -> PulseTrain {
        let pulseIDs = array("image.pulseId").flatMap { $0.rank == 1 ? $0.integers() : nil }
        let cellIDs = array("image.cellId").flatMap { $0.rank == 1 ? $0.integers() : nil }
        if let p = pulseIDs, let c = cellIDs, p.count != c.count {
            throw .inconsistentPulseCount(source: name, pulseIDs: p.count, cellIDs: c.count)
        }
        guard let count = pulseIDs?.count ?? cellIDs?.count else { throw .noPulseIndex(source: name) }
        var arrays = OrderedDictionary<String, NDArray>()
        for (key, value) in data {
            guard case let .array(a) = value, a.rank >= 1 else { continue }
            let extent = layout == .file ? a.shape[0] : a.shape[a.rank - 1]
            if extent == count { arrays[key] = a }
        }
        return PulseTrain(source: name, layout: layout, count: count, pulseIDs: pulseIDs, cellIDs: cellIDs, arrays: arrays)
    }

    /// Reads this source pulse by pulse with the layout a ``SourceKinds`` rule gives it.
    public func pulses(kinds: SourceKinds = .builtIn) throws(PulseError) -> PulseTrain {
        guard let layout = kinds.layout(for: name) else { throw .layoutUnknown(source: name) }
        return try pulses(layout: layout)
    }
}
