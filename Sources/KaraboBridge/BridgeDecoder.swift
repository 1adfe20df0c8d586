import ByteSlices
import MessagePack
import OrderedCollections

/// Decodes Karabo Bridge messages (protocol 1.0 and 2.2) into ``Train``s.
///
/// The version is read off the frames: one frame is 1.0 (or a server's `Error: …` text
/// reply), an even number of frames is 2.x. Arrays are views of the frames, never copies.
public struct BridgeDecoder: Sendable {
    /// The msgpack decoder. Its depth limit applies to every frame; its element limit
    /// (`maxElements`) to each message as a whole, summed over its frames, so the decoded
    /// values of one message stay bounded however many small frames it has.
    public var messagePack: MessagePackDecoder

    public init(messagePack: MessagePackDecoder = MessagePackDecoder()) {
        self.messagePack = messagePack
    }

    /// Decodes one message given as its frames, in order.
    public func decode(_ frames: [ByteSlice]) throws(BridgeDecodeError) -> Train {
        guard !frames.isEmpty else { throw .noFrames }
        let bytes = frames.reduce(0) { $0 + $1.count }
        var train: Train
        if frames.count == 1 {
            if let text = BridgeDecoder.errorReplyText(frames[0]) { throw .errorReply(text) }
            train = try decodeVersion1(frames[0])
        } else {
            guard frames.count % 2 == 0 else { throw .oddFrameCount(frames.count) }
            train = try decodeVersion2(frames)
        }
        train.messageBytes = bytes
        return train
    }

    /// The text of an `Error: …` reply, if the frame is one.
    static func errorReplyText(_ frame: ByteSlice) -> String? {
        let prefix = Array("Error".utf8)
        guard frame.count >= prefix.count, frame.prefix(prefix.count).elementsEqual(prefix) else { return nil }
        return String(decoding: frame.bytes, as: UTF8.self)
    }

    /// Decodes one frame's msgpack, charging its container elements to the message's `budget`.
    func decodeFrame(_ frame: ByteSlice, index: Int, budget: inout Int) throws(BridgeDecodeError) -> MessagePackValue {
        do {
            return try messagePack.decode(frame, elementBudget: &budget)
        } catch {
            throw .invalidMessagePack(frame: index, error)
        }
    }
}
