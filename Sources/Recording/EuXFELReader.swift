import Foundation
import HDF5
import KaraboBridge

/// Reads trains from European XFEL HDF5 data: one file, or a run directory (every `.h5`
/// file in it), made by trainspotter or by the facility's DAQ.
///
/// Trains come out as EXtra-data's `karabo-bridge-serve-files` sends them: every selected
/// source with metadata `{source, timestamp.tid}` and the same map inside its data, CONTROL
/// keys as `KEY.value` / `KEY.timestamp`, single rows without their leading axis, strings as
/// bytes. Files written by trainspotter come back with the keys, types and metadata
/// timestamps that were recorded. Owned by one thread (it makes HDF5 calls).
final class EuXFELReader {
    /// One file's trains, read when the reader opens.
    struct FileTrains {
        let path: String
        let trainIDs: [UInt64]
        let timestamps: [UInt64]?
        let sources: [(String, EuXFELLayout.Section)]
        let isOurs: Bool
        let positions: [UInt64: Int]
    }

    let files: [FileTrains]
    /// Every train ID (sorted, zero IDs dropped).
    let trainIDs: [UInt64]
    /// Seconds per train for pacing: `INDEX/timestamp` when every train has one, else train ID × 0.1 s.
    let trainTimes: [Double]
    private let keyGlob: Glob
    private var open: [Int: EuXFELFileContent] = [:]
    private var openOrder: [Int] = []
    private static let maxOpenFiles = 8

    /// Opens `path` (a file or a directory of `.h5` files) and reads every file's train list.
    init(path: String, sourceGlob: Glob, keyGlob: Glob) throws(RecordingError) {
        self.keyGlob = keyGlob
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .notARecording(path: path, reason: "no such file or directory")
        }
        let paths: [String]
        if isDirectory.boolValue {
            let names = (try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []
            paths = names.filter { $0.hasSuffix(".h5") && $0.lowercased() != "overview.h5" }.sorted().map { path + "/" + $0 }
        } else {
            paths = [path]
        }
        guard !paths.isEmpty else { throw .notARecording(path: path, reason: "no .h5 files") }
        var files: [FileTrains] = []
        for file in paths {
            do {
                files.append(try Self.summary(of: file, sourceGlob: sourceGlob))
            } catch {
                throw .notARecording(path: file, reason: error.description)
            }
        }
        self.files = files
        let all = Set(files.flatMap(\.trainIDs)).filter { $0 != 0 }.sorted()
        trainIDs = all
        var stamps: [UInt64: UInt64] = [:]
        for file in files {
            guard let ts = file.timestamps else { continue }
            for (id, t) in zip(file.trainIDs, ts) where t != 0 { stamps[id] = t }
        }
        if !all.isEmpty && all.allSatisfy({ stamps[$0] != nil }) {
            trainTimes = all.map { Double(stamps[$0]!) / 1e9 }
        } else {
            trainTimes = all.map { Double($0) * 0.1 }
        }
    }

    /// Reads a file's train IDs, timestamps and selected sources, then closes it.
    private static func summary(of path: String, sourceGlob: Glob) throws(HDF5Error) -> FileTrains {
        let file = try HDF5File.open(path)
        defer { file.close() }
        let root = file.root
        let ids = try root.openDataset("INDEX/trainId").read(as: UInt64.self)
        let timestamps = try? root.openDataset("INDEX/timestamp").read(as: UInt64.self)
        let list: [String]
        if let current = try? root.openDataset("METADATA/dataSources/dataSourceId").readStrings() {
            list = current
        } else {
            list = try root.openDataset("METADATA/dataSourceId").readStrings()  // format 0.5
        }
        var sources: [(String, EuXFELLayout.Section)] = []
        var seen: Set<String> = []
        for id in list where !id.isEmpty {
            let (category, rest) = (String(id.prefix { $0 != "/" }), String(id.drop { $0 != "/" }.dropFirst()))
            var name = rest
            let section: EuXFELLayout.Section
            switch category {
            case "CONTROL": section = .control
            case "INSTRUMENT":
                // DEVICE:CHANNEL/GROUP → DEVICE:CHANNEL
                guard let colon = rest.firstIndex(of: ":") else { continue }
                let channel = rest[rest.index(after: colon)...].prefix { $0 != "/" }
                name = String(rest[..<colon]) + ":" + channel
                section = .instrument
            default: continue
            }
            guard sourceGlob.matches(name), seen.insert(name).inserted else { continue }
            sources.append((name, section))
        }
        let isOurs = ((try? root.attributes.string("writer")) ?? "").hasPrefix("trainspotter")
        var positions: [UInt64: Int] = [:]
        for (i, id) in ids.enumerated() where id != 0 && positions[id] == nil { positions[id] = i }
        return FileTrains(path: path, trainIDs: ids, timestamps: timestamps.flatMap { $0.count >= ids.count ? $0 : nil },
                          sources: sources, isOurs: isOurs, positions: positions)
    }

    /// The train `trainID`, merged from every file that has it.
    func train(_ trainID: UInt64) throws(RecordingError) -> Train {
        var sources: [SourceData] = []
        for (fileIndex, summary) in files.enumerated() {
            guard let position = summary.positions[trainID] else { continue }
            let content: EuXFELFileContent
            do {
                content = try self.content(fileIndex)
            } catch {
                throw .hdf5(error.description)
            }
            let stamp = summary.timestamps.map { Double($0[position]) / 1e9 }.flatMap { $0 > 0 ? $0 : nil }
            for source in content.sources {
                let values: [(String, Value)]
                do {
                    values = try content.values(of: source, at: position)
                } catch {
                    throw .hdf5(error.description)
                }
                var data = SourceData(name: source.name, metadata: Metadata())
                if content.isOurs {
                    data.metadata = Metadata(source: source.name, trainID: trainID, timestamp: stamp)
                } else {
                    let meta = Metadata(source: source.name, trainID: trainID, timestamp: nil)
                    data.metadata = meta
                    data.data["metadata"] = .map(meta.entries)
                }
                for (key, value) in values { data.data[key] = value }
                if let existing = sources.firstIndex(where: { $0.name == source.name }) {
                    for (key, value) in data.data where sources[existing].data[key] == nil { sources[existing].data[key] = value }
                } else {
                    sources.append(data)
                }
            }
        }
        return Train(sources: sources)
    }

    /// The open content of file `index`, opening it (and closing the least recently used) if needed.
    private func content(_ index: Int) throws(HDF5Error) -> EuXFELFileContent {
        if let content = open[index] {
            openOrder.removeAll { $0 == index }
            openOrder.append(index)
            return content
        }
        let content = try EuXFELFileContent(path: files[index].path, sourceNames: files[index].sources, keyGlob: keyGlob)
        open[index] = content
        openOrder.append(index)
        if openOrder.count > Self.maxOpenFiles {
            let oldest = openOrder.removeFirst()
            open[oldest]?.close()
            open[oldest] = nil
        }
        return content
    }
}

@available(*, unavailable, message: "HDF5 objects belong to one thread")
extension EuXFELReader: Sendable {}
