import Foundation

/// Watches a views file and yields its definitions each time its contents change
/// (or the problems that stop it from loading). Polls; the first element is the file as it is now.
public struct ViewsFileWatcher: AsyncSequence, Sendable {
    public typealias Element = Result<[ViewDefinition], ViewsFileError>

    /// The file.
    public let url: URL
    /// Seconds between looks at the file.
    public let interval: Double

    public init(url: URL, interval: Double = 0.5) {
        self.url = url
        self.interval = interval
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let url: URL
        let interval: Double
        var last: Data?

        public mutating func next() async -> Element? {
            while !Task.isCancelled {
                let data = try? Data(contentsOf: url)
                // A missing file (e.g. mid-replace by an editor) is waited out.
                if let data, data != last {
                    last = data
                    let text = String(decoding: data, as: UTF8.self)
                    do {
                        return .success(try ViewsFile.parse(text, file: url.path))
                    } catch {
                        return .failure(error)
                    }
                }
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
            return nil
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(url: url, interval: interval, last: nil) }
}

extension ViewRunner {
    /// Follows `watcher`: every change is checked and swapped in between trains; a file with
    /// problems leaves the running graph as it is and is reported through `report`.
    public func follow(_ watcher: ViewsFileWatcher, skipFirst: Bool = true,
                       report: @Sendable (Result<ReloadSummary, ViewsFileError>) -> Void) async {
        var first = skipFirst
        for await change in watcher {
            if first { first = false; continue }
            switch change {
            case let .success(definitions):
                do { report(.success(try load(definitions))) } catch { report(.failure(error)) }
            case let .failure(error):
                report(.failure(error))
            }
        }
    }
}
