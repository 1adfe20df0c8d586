import ByteSlices
import KaraboBridge
@testable import Recording
import Testing

/// `replay --shuffle-sources` / `--split-sources`: the same sources and values, laid out differently.
@Suite struct SourceOrderTests {
    /// A train of four sources (the samples' two, twice under other names).
    func train(_ id: UInt64) -> Train {
        var train = Samples.train(id)
        for (name, source) in Array(train.sources) {
            var copy = source
            copy.name = name + "-copy"
            copy.metadata = Metadata(source: copy.name, trainID: id, timestamp: source.metadata.timestamp)
            train.sources[copy.name] = copy
        }
        return train
    }

    @Test func shuffledMessagesCarryTheSameSourcesInANewOrderEveryTrain() throws {
        var orderer = SourceOrderer(.shuffled(seed: 42))
        var previous: [String]?
        for id in UInt64(100)..<130 {
            let original = train(id)
            // The reference: the plain 2.2 message decoded (the wire reorders keys and turns ints into uints).
            let reference = try BridgeDecoder().decode(BridgeEncoder().encode(original))
            let messages = orderer.encode(original, protocolVersion: .v2_2)
            #expect(messages.count == 1)
            let decoded = try BridgeDecoder().decode(messages[0])
            let order = Array(decoded.sources.keys)
            #expect(Set(order) == Set(original.sources.keys))
            #expect(order != previous)
            previous = order
            for (name, source) in reference.sources {
                #expect(Self.sameData(decoded.sources[name], source))
                #expect(decoded.sources[name]?.metadata == source.metadata)
            }
            #expect(decoded.majorityTrainID == id)
        }
    }

    @Test func splitSendsEachSourceInItsOwnMessage() throws {
        var orderer = SourceOrderer(.split)
        let original = train(7)
        let reference = try BridgeDecoder().decode(BridgeEncoder().encode(original))
        let messages = orderer.encode(original, protocolVersion: .v2_2)
        #expect(messages.count == 4)
        let decoded = try messages.map { try BridgeDecoder().decode($0) }
        #expect(decoded.allSatisfy { $0.sources.count == 1 && $0.trainID == 7 })
        #expect(decoded.map { $0.sources.keys[0] } == Array(original.sources.keys))
        for part in decoded {
            let name = part.sources.keys[0]
            #expect(Self.sameData(part.sources[name], reference.sources[name]))
        }
    }

    /// Same keys with equal values, in any order.
    static func sameData(_ a: SourceData?, _ b: SourceData?) -> Bool {
        guard let a, let b, Set(a.data.keys) == Set(b.data.keys) else { return false }
        return a.data.allSatisfy { b.data[$0.key] == $0.value }
    }

    @Test func protocol1MessagesAreNotReordered() throws {
        var orderer = SourceOrderer(.shuffled(seed: 1))
        let original = train(9)
        let messages = orderer.encode(original, protocolVersion: .v1_0)
        #expect(messages == [BridgeEncoder(protocolVersion: .v1_0).encode(original)])
    }
}
