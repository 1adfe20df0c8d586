import CZeroMQ

/// The ZeroMQ socket patterns.
public enum ZMQSocketType: Sendable {
    /// Request side of request/reply (`ZMQ_REQ`).
    case req
    /// Reply side of request/reply (`ZMQ_REP`).
    case rep
    /// Publisher (`ZMQ_PUB`).
    case pub
    /// Subscriber (`ZMQ_SUB`); subscribe with ``ZMQSocket/subscribe(prefix:)`` to receive anything.
    case sub
    /// Pipeline sender (`ZMQ_PUSH`).
    case push
    /// Pipeline receiver (`ZMQ_PULL`).
    case pull
    /// Asynchronous request (`ZMQ_DEALER`).
    case dealer
    /// Asynchronous, addressed reply (`ZMQ_ROUTER`).
    case router
    /// Exclusive pair (`ZMQ_PAIR`).
    case pair

    /// Whether the pattern sends messages to its peers (every pattern but PULL and SUB, whose only
    /// outbound traffic is subscriptions). Such sockets get a short linger; see ``ZMQSocket``.
    public var sendsMessages: Bool { self != .pull && self != .sub }

    /// The libzmq constant.
    var rawValue: Int32 {
        switch self {
        case .req: ZMQ_REQ
        case .rep: ZMQ_REP
        case .pub: ZMQ_PUB
        case .sub: ZMQ_SUB
        case .push: ZMQ_PUSH
        case .pull: ZMQ_PULL
        case .dealer: ZMQ_DEALER
        case .router: ZMQ_ROUTER
        case .pair: ZMQ_PAIR
        }
    }
}
