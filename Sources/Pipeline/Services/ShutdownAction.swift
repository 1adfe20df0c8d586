import ServiceLifecycle

/// A service that waits for the group's graceful shutdown and then does one thing: stops a
/// socket, closes the sinks. Placed before the pipeline in a group's service list, it runs
/// after the pipeline has finished (a group shuts its services down in reverse order).
public struct ShutdownAction: Service {
    let action: @Sendable () async -> Void

    public init(_ action: @escaping @Sendable () async -> Void) { self.action = action }

    public func run() async {
        try? await gracefulShutdown()
        await action()
    }
}

/// A service that does `body` every `interval` (e.g. a status line) until graceful shutdown.
public struct PeriodicAction: Service {
    let interval: Duration
    let body: @Sendable () async -> Void

    public init(every interval: Duration, _ body: @escaping @Sendable () async -> Void) {
        self.interval = interval
        self.body = body
    }

    public func run() async {
        let interval = interval, body = body
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await Task.sleep(for: interval) } catch { return }
                await body()
            }
        }
    }
}

/// A service that runs `body` (e.g. following a file watcher) until it returns or graceful
/// shutdown cancels it; it then waits for the shutdown, so that it never ends a group early.
public struct BackgroundTask: Service {
    let body: @Sendable () async -> Void

    public init(_ body: @escaping @Sendable () async -> Void) { self.body = body }

    public func run() async {
        let body = body
        await cancelWhenGracefulShutdown { await body() }
        try? await gracefulShutdown()
    }
}
