/// A snapshot of a ``TrainMatcher``'s counters.
public struct MatchCounters: Sendable, Equatable {
    /// One input's figures.
    public struct Input: Sendable, Equatable {
        public var name: String
        /// Messages received.
        public var messages: Int
        /// Messages per second over the recent messages.
        public var rate: Double
        /// The majority train ID of its last message.
        public var lastTrainID: UInt64?
        /// Seconds since its last message (nil before the first).
        public var idle: Double?
        /// The input ended (its stream finished or its socket failed).
        public var ended: Bool
    }

    /// One source's figures.
    public struct Source: Sendable, Equatable {
        public var name: String
        /// Times the source arrived.
        public var arrivals: Int
        /// Its last train ID.
        public var lastTrainID: UInt64?
        /// How many trains it lagged behind the rest of its message last time (negative: ahead).
        public var lag: Int64
        /// The largest lag seen.
        public var maxLag: Int64
        /// Arrivals whose train ID disagreed with the rest of their message.
        public var disagreeing: Int
    }

    /// Trains sent with every expected source.
    public var matched = 0
    /// Trains sent without some expected sources (`partial`).
    public var partial = 0
    /// Trains dropped because a source was missing at the timeout.
    public var droppedByTimeout = 0
    /// Trains dropped because the window was full.
    public var droppedByWindow = 0
    /// Source arrivals for a train already sent or dropped (not mixed in).
    public var tooLate = 0
    /// Source arrivals whose train ID disagreed with the rest of their message (matched by their own ID).
    public var disagreeing = 0
    /// Source arrivals without any train ID (dropped).
    public var withoutTrainID = 0
    /// The same source arriving twice for one train (the second dropped).
    public var duplicates = 0
    /// Times the train IDs started afresh (far behind the last train sent).
    public var trainIDResets = 0
    /// Trains waiting now.
    public var pending = 0
    /// Whether the expected sources are still being learnt.
    public var learning = true
    /// The sources a train needs.
    public var expectedSources: [String] = []
    public var inputs: [Input] = []
    public var sources: [Source] = []

    public init() {}

    /// A one-line status: `matched 120 · partial 0 · dropped 2 (timeout 2, window 0) · late 0 · inputs A 10.0/s #1234, B waiting`.
    public var statusLine: String {
        var text = "matched \(matched) · partial \(partial) · dropped \(droppedByTimeout + droppedByWindow)"
            + " (timeout \(droppedByTimeout), window \(droppedByWindow)) · late \(tooLate) · disagreeing \(disagreeing)"
        let parts = inputs.map { input -> String in
            if input.ended { return "\(input.name) ended" }
            guard let last = input.lastTrainID else { return "waiting for \(input.name)" }
            if let idle = input.idle, idle > 2 { return "waiting for \(input.name) (\(Int(idle)) s)" }
            return "\(input.name) " + String(format: "%.1f/s", input.rate) + " #\(last)"
        }
        if !parts.isEmpty { text += " · " + parts.joined(separator: ", ") }
        let lagging = sources.filter { $0.lag != 0 }.map { "\($0.name) lag \($0.lag)" }
        if !lagging.isEmpty { text += " · " + lagging.joined(separator: ", ") }
        return text
    }
}
