import BridgeSockets
import Foundation
import Handoff
import JSON
import KaraboBridge
import Logging
import Views
import ZeroMQ

/// The control socket of a run: a ZeroMQ REP socket on its own thread that takes one JSON
/// command per request and replies with one JSON object (see `docs/views.md`). Commands are
/// applied by the runner between trains; the socket thread waits for the answer.
public final class ControlSocket: Sendable {
    /// The endpoint bound (with the port chosen when 0 or `*` was asked for).
    public let endpoint: String
    private let stopped: StopFlag

    private init(endpoint: String, stopped: StopFlag) {
        self.endpoint = endpoint
        self.stopped = stopped
    }

    /// Binds `endpoint` and serves `runner` on a new thread until ``stop()``. Binding a
    /// non-loopback address logs a warning: whoever reaches it can change the running views.
    public static func start(_ endpoint: String, runner: ViewRunner,
                             logger: Logger = Logger(label: "trainspotter.control")) async throws(ZMQError) -> ControlSocket {
        if !Endpoint.isLocal(endpoint) {
            logger.warning("control socket on \(endpoint), reachable from other machines: it can change the running views and has no authentication")
        }
        let stopped = StopFlag()
        let bound: Result<String, ZMQError> = await DedicatedThread.start(name: "control-socket") { ready in
            let socket: ZMQSocket
            do throws(ZMQError) {
                socket = try ZMQSocket(context: try ZMQContext(), type: .rep)
                try socket.bind(endpoint)
            } catch {
                ready(.failure(error))
                return
            }
            ready(.success(socket.lastEndpoint ?? endpoint))
            serve(socket, runner: runner, stopped: stopped, logger: logger)
        }
        return ControlSocket(endpoint: try bound.get(), stopped: stopped)
    }

    /// Stops serving (within the socket's 100 ms poll step).
    public func stop() { stopped.set() }

    private static func serve(_ socket: ZMQSocket, runner: ViewRunner, stopped: StopFlag, logger: Logger) {
        while !stopped.isSet {
            do {
                guard try socket.poll(readable: true, timeoutMilliseconds: 100),
                      let request = try socket.receiveMultipart(dontWait: true) else { continue }
                let data = Data(request.first?.slice.bytes ?? [])
                let reply: JSONValue
                do {
                    let command = try ControlCommand(text: data)
                    reply = Completion.awaiting { await runner.handle(command) }
                } catch {
                    reply = error.reply
                }
                _ = try socket.send(bytes: Array(reply.text.utf8))
            } catch {
                logger.error("control socket: \(error)")
                return
            }
        }
        socket.close()
    }
}
