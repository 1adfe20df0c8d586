import ByteSlices
import MessagePack
import OrderedCollections

extension BridgeDecoder {
    /// Protocol 1.0: one msgpack map `{source: {key: value, …, "metadata": {…}}}`.
    func decodeVersion1(_ frame: ByteSlice) throws(BridgeDecodeError) -> Train {
        var budget = messagePack.maxElements
        let top = try decodeFrame(frame, index: 0, budget: &budget)
        guard case let .map(pairs) = top else {
            throw .notSourceMap(frame: 0, reason: "is a msgpack \(top.typeName), not a map")
        }
        var sources = OrderedDictionary<String, SourceData>()
        for pair in pairs {
            guard let name = ValueConverter.keyString(pair.key) else {
                throw .notSourceMap(frame: 0, reason: "has a source name of msgpack type \(pair.key.typeName)")
            }
            guard case let .map(fields) = pair.value else {
                throw .notSourceMap(frame: 0, reason: "has source '\(name)' whose value is a \(pair.value.typeName), not a map")
            }
            let data = try ValueConverter(frame: 0, source: name, numpyMaps: true).map(fields)
            let metadata = Metadata(entries: data["metadata"]?.map ?? [:])
            sources[name] = SourceData(name: name, metadata: metadata, data: data)
        }
        let tid = sources.values.lazy.compactMap(\.trainID).first
        return Train(trainID: tid, protocolVersion: .v1_0, sources: sources)
    }
}
