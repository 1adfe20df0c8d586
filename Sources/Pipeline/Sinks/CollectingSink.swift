import Synchronization

/// Keeps every message it is given, in order: for tests and for embedding the pipeline.
public final class CollectingSink: ResultSink {
    private let store = Mutex<[ResultMessage]>([])

    public init() {}

    public func accept(_ message: ResultMessage) async {
        store.withLock { $0.append(message) }
    }

    /// The messages so far.
    public var messages: [ResultMessage] { store.withLock { $0 } }

    public func close() async -> SinkReport { SinkReport() }
}
