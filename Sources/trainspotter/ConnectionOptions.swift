import ArgumentParser
import BridgeSockets

/// Where and how to connect, shared by the commands that read a stream.
struct ConnectionOptions: ParsableArguments {
    @Argument(help: "The server's endpoint, e.g. tcp://127.0.0.1:4545 (a bare port means 127.0.0.1).")
    var endpoint: String

    @Option(name: [.customShort("z"), .customLong("server-socket")],
            help: "The server's socket type: REP, PUB or PUSH (we connect REQ, SUB or PULL).")
    var serverSocket: String = "REP"

    @Option(help: "Seconds without data before reporting a timeout (a REQ client then reconnects and asks again).")
    var timeout: Double = 10

    func validate() throws {
        guard ClientPattern(serverSocket: serverSocket) != nil else {
            throw ValidationError("-z must be REP, PUB or PUSH, not '\(serverSocket)'")
        }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
    }

    func clientConfiguration(queueDepth: Int = 2) -> BridgeClientConfiguration {
        BridgeClientConfiguration(endpoint: Endpoint.normalize(endpoint), pattern: ClientPattern(serverSocket: serverSocket)!,
                                  timeout: timeout, queueDepth: queueDepth)
    }
}
