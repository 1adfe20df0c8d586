import Foundation

#if FUZZING
/// libFuzzer's per-input callback (built with `-sanitize=fuzzer -DFUZZING`).
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    FuzzTarget.run(UnsafeRawBufferPointer(start: data, count: data == nil ? 0 : size))
    return 0
}

/// libFuzzer's driver (`LLVMFuzzerRunDriver`, in libclang_rt.fuzzer since LLVM 11).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

/// SwiftPM links an executable target's `main` to `<module>_main`; here it hands over to libFuzzer.
@_cdecl("DecoderFuzzer_main")
public func decoderFuzzerMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> Int32 {
    var count = argc
    var arguments = argv
    return runFuzzerDriver(&count, &arguments, fuzzerTestOneInput)
}
#else
/// Without libFuzzer: replays files (or every file in folders) given as arguments through the
/// fuzz target, e.g. a crash artifact or the corpus, and prints how many inputs ran. With
/// `-v` first it also prints, per input, its frame sizes and what the bridge decoder made of it.
@main
enum DecoderFuzzerReplay {
    static func main() throws {
        var count = 0
        var arguments = CommandLine.arguments.dropFirst()
        let verbose = arguments.first == "-v"
        if verbose { arguments = arguments.dropFirst() }
        for argument in arguments {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("no such file: \(argument)\n".utf8))
                exit(2)
            }
            let files = isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: argument).sorted().map { argument + "/" + $0 }
                : [argument]
            for file in files {
                let data = try Data(contentsOf: URL(fileURLWithPath: file))
                data.withUnsafeBytes { FuzzTarget.run($0) }
                if verbose { data.withUnsafeBytes { print(file + ": " + FuzzTarget.summary($0)) } }
                count += 1
            }
        }
        print("replayed \(count) input(s) without a crash")
    }
}
#endif
