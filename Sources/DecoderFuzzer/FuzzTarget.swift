import ByteSlices
import KaraboBridge
import MessagePack

/// One fuzzing step: feeds an input to the msgpack decoder and to the bridge decoder, and
/// reads every part of a train that decodes. A crash, a sanitizer report or a hang here is
/// a bug; thrown decode errors are the expected outcome for most inputs.
enum FuzzTarget {
    static let messagePack = MessagePackDecoder()
    static let bridge = BridgeDecoder()

    /// Runs one input.
    static func run(_ input: UnsafeRawBufferPointer) {
        let frames = FuzzInput.frames(input)
        for frame in frames { _ = try? messagePack.decode(frame) }
        guard let train = try? bridge.decode(frames) else { return }
        touch(train)
        // What decoded must encode, and the encoding must decode again.
        for version in [ProtocolVersion.v2_2, .v1_0] {
            let encoded = BridgeEncoder(protocolVersion: version).encode(train)
            if let again = try? bridge.decode(encoded) { touch(again) }
        }
    }

    /// One line saying how `input` splits into frames and how it decodes.
    static func summary(_ input: UnsafeRawBufferPointer) -> String {
        let frames = FuzzInput.frames(input)
        let sizes = "frames \(frames.map(\.count))"
        do {
            let train = try bridge.decode(frames)
            return "\(sizes): train \(train.trainID.map(String.init) ?? "-") with \(train.sources.count) source(s)"
        } catch {
            return "\(sizes): \(error)"
        }
    }

    /// Reads what a consumer would read: train ID, metadata, values, small arrays' elements, pulses.
    static func touch(_ train: Train) {
        var sink = train.trainID ?? 0
        for source in train.sources.values {
            sink &+= UInt64(source.metadata.timestamp ?? 0 > 0 ? 1 : 0)
            sink &+= UInt64(source.metadata.ignoredKeys.count)
            for value in source.data.values {
                guard let array = value.array, array.count <= 1 << 16 else { continue }
                sink &+= UInt64(array.doubles()?.count ?? 0)
                sink &+= UInt64(array.integers()?.count ?? 0)
                _ = array.statistics()
                sink &+= UInt64(array.contiguousData.count)
            }
            for layout in [PulseLayout.file, .online] {
                guard let pulses = try? source.pulses(layout: layout) else { continue }
                for pulse in pulses.prefix(4) { sink &+= UInt64(pulse.values.count) }
            }
        }
        blackHole(sink)
    }

    @inline(never)
    static func blackHole(_ value: UInt64) {
        if value == 0x5eed_f00d_dead_beef { print("") }
    }
}
