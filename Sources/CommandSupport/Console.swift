import Foundation

/// Writes a line to stdout at once (unbuffered), so pipes and other programs see it while we run.
package func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}

/// Writes a line to stderr, prefixed with the program's name.
package func printError(_ text: String) {
    FileHandle.standardError.write(Data(("trainspotter: " + text + "\n").utf8))
}
