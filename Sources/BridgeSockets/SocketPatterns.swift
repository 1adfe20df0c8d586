import ZeroMQ

/// The client side of a bridge connection.
public enum ClientPattern: String, Sendable, CaseIterable {
    /// Sends `next`, receives one train (server REP).
    case req = "REQ"
    /// Subscribes to everything (server PUB).
    case sub = "SUB"
    /// Receives pushed trains (server PUSH).
    case pull = "PULL"

    /// The client pattern that talks to a server socket named as the Python tools' `-z` option does
    /// (`REP`, `PUB`, `PUSH`); the client names (`REQ`, `SUB`, `PULL`) are accepted too.
    public init?(serverSocket name: String) {
        switch name.uppercased() {
        case "REP", "REQ": self = .req
        case "PUB", "SUB": self = .sub
        case "PUSH", "PULL": self = .pull
        default: return nil
        }
    }

    var socketType: ZMQSocketType {
        switch self {
        case .req: return .req
        case .sub: return .sub
        case .pull: return .pull
        }
    }
}

/// The server side of a bridge connection.
public enum ServerPattern: String, Sendable, CaseIterable {
    /// Answers each `next` request with one train.
    case rep = "REP"
    /// Publishes every train to all subscribers (slow ones miss trains).
    case pub = "PUB"
    /// Pushes trains to pullers, waiting for one to be ready (nothing lost).
    case push = "PUSH"

    /// Parses `REP`, `PUB` or `PUSH` (any case).
    public init?(name: String) {
        self.init(rawValue: name.uppercased())
    }

    var socketType: ZMQSocketType {
        switch self {
        case .rep: return .rep
        case .pub: return .pub
        case .push: return .push
        }
    }
}

/// Endpoint helpers.
public enum Endpoint {
    /// `tcp://HOST:PORT` from a bare port (`4545` → `tcp://127.0.0.1:4545`), else the text as given.
    public static func normalize(_ text: String, defaultHost: String = "127.0.0.1") -> String {
        if let port = Int(text), port >= 0, port < 65536 { return "tcp://\(defaultHost):\(port)" }
        if !text.contains("://") { return "tcp://" + text }
        return text
    }

    /// Whether a bind endpoint stays on this machine (loopback TCP, ipc, inproc).
    public static func isLocal(_ endpoint: String) -> Bool {
        guard endpoint.hasPrefix("tcp://") else { return true }
        var host = String(endpoint.dropFirst("tcp://".count))
        if let colon = host.lastIndex(of: ":") { host = String(host[..<colon]) }
        host = host.trimmingCharacters(in: ["[", "]"])
        return host == "localhost" || host == "::1" || host.hasPrefix("127.")
    }
}
