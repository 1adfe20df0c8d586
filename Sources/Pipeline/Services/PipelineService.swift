import ServiceLifecycle
import Synchronization

/// The pipeline as a service: processes the source's trains until it ends, `limit` trains were
/// processed, or a graceful shutdown stops the source (the trains already queued are still
/// processed). Give it `successTerminationBehavior: .gracefullyShutdownGroup` so that the run
/// ends with it.
public final class PipelineService<Source: TrainSource>: Service {
    let pipeline: Pipeline
    let source: Source
    let limit: Int?
    private let count = Atomic<Int>(0)

    public init(_ pipeline: Pipeline, source: Source, limit: Int? = nil) {
        self.pipeline = pipeline
        self.source = source
        self.limit = limit
    }

    /// Trains processed once the service returned.
    public var processed: Int { count.load(ordering: .relaxed) }

    public func run() async {
        let source = source
        let done = await withGracefulShutdownHandler {
            await pipeline.run(source, limit: limit)
        } onGracefulShutdown: {
            source.stop()
        }
        // Whatever ended the run, take no more input.
        source.stop()
        count.store(done, ordering: .relaxed)
    }
}
