/// What ``ZMQSocket/receiveMultipart(dontWait:maxBytes:)`` received.
public enum ZMQMultipart {
    /// A whole message within the limits, its frames in order (no copy).
    case message([ZMQMessage])
    /// A message with more than ``ZMQSocket/maxFramesPerMessage`` frames: `frames` in all,
    /// none kept.
    case tooManyFrames(frames: Int)
    /// A message whose frames add up to more than the byte limit: `frames` frames of `bytes`
    /// bytes in all. Frames already kept were released when the sum passed the limit, and the
    /// rest were received and closed one at a time.
    case tooLarge(frames: Int, bytes: Int)
}
