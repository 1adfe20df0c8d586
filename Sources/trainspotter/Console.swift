import Foundation

/// Writes a line to stdout at once (unbuffered), so pipes and other programs see it while we run.
func printLine(_ text: String) {
    FileHandle.standardOutput.write(Data((text + "\n").utf8))
}
