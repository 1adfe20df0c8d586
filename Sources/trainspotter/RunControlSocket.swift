import BridgeSockets
import Dispatch
import Foundation
import Logging
import Synchronization
import Views
import ZeroMQ

/// The control socket of `trainspotter run`: a ZeroMQ REP socket on its own thread that takes one
/// JSON command per request and replies with one JSON object (see `docs/views.md`).
final class RunControlSocket: Sendable {
    /// The endpoint bound (with the port chosen when 0 or `*` was asked for).
    let endpoint: String
    private let flag: Flag

    private init(endpoint: String, flag: Flag) {
        self.endpoint = endpoint
        self.flag = flag
    }

    /// Binds `endpoint` and serves `runner` on a new thread until ``stop()``. Binding a
    /// non-loopback address logs a warning: whoever reaches it can change the running views.
    static func start(_ endpoint: String, runner: ViewRunner,
                      logger: Logger = Logger(label: "trainspotter.control")) async throws -> RunControlSocket {
        if !Endpoint.isLocal(endpoint) {
            logger.warning("control socket on \(endpoint), reachable from other machines: it can change the running views and has no authentication")
        }
        let flag = Flag()
        let bound: Result<String, any Error> = await withCheckedContinuation { cont in
            let thread = Thread {
                let socket: ZMQSocket
                do {
                    socket = try ZMQSocket(context: try ZMQContext(), type: .rep)
                    try socket.bind(endpoint)
                } catch {
                    cont.resume(returning: .failure(error))
                    return
                }
                cont.resume(returning: .success(socket.lastEndpoint ?? endpoint))
                serve(socket, runner: runner, flag: flag)
            }
            thread.name = "control-socket"
            thread.start()
        }
        return RunControlSocket(endpoint: try bound.get(), flag: flag)
    }

    /// The stop flag shared with the socket thread.
    private final class Flag: Sendable { let stopped = Atomic<Bool>(false) }

    func stop() { flag.stopped.store(true, ordering: .relaxed) }

    private static func serve(_ socket: ZMQSocket, runner: ViewRunner, flag: Flag) {
        while !flag.stopped.load(ordering: .relaxed) {
            do {
                guard try socket.poll(readable: true, timeoutMilliseconds: 100),
                      let request = try socket.receiveMultipart(dontWait: true) else { continue }
                let data = Data(request.first?.slice.bytes ?? [])
                let reply: ControlJSON
                do {
                    let command = try ControlCommand(text: data)
                    reply = Self.waitFor { await runner.handle(command) }
                } catch {
                    reply = error.reply
                }
                _ = try socket.send(bytes: Array(reply.text.utf8))
            } catch {
                printError("control socket: \(error)")
                return
            }
        }
        socket.close()
    }

    /// Runs `body` on the cooperative pool and blocks this (dedicated) thread until it finishes.
    private static func waitFor(_ body: @escaping @Sendable () async -> ControlJSON) -> ControlJSON {
        let box = Mutex<ControlJSON?>(nil)
        let done = DispatchSemaphore(value: 0)
        Task {
            let result = await body()
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}
