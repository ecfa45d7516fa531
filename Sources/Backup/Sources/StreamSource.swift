// A source that is not a file on disk: a byte stream stored under a chosen path in the snapshot,
// such as `pg_dump` output or standard input. The stream is chunked as it arrives, so a database
// dump of any size goes into the repository without a temporary file.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

package struct StreamSource: Sendable {
  /// Where the content appears in the snapshot, absolute ("/postgresql/app.sql").
  package var path: String
  /// Opens the stream: a readable descriptor, and what to call after it reached its end (to reap
  /// a child process and fail when it failed).
  package var open: @Sendable () throws -> (descriptor: Int32, finish: @Sendable () throws -> Void)

  package init(path: String, open: @escaping @Sendable () throws -> (descriptor: Int32, finish: @Sendable () throws -> Void)) {
    self.path = path
    self.open = open
  }

  /// Standard input.
  package static func standardInput(path: String) -> StreamSource {
    StreamSource(path: path) { (dup(0), {}) }
  }

  /// The standard output of a command, run without a shell. A non-zero exit fails the backup,
  /// with the command's standard error in the message.
  package static func command(_ arguments: [String], environment: [String: String] = [:], path: String) -> StreamSource {
    StreamSource(path: path) {
      let (process, output, errors) = try ChildProcess.launch(arguments, environment: environment)
      let descriptor = dup(output.fileHandleForReading.fileDescriptor)
      try? output.fileHandleForReading.close()
      return (
        descriptor,
        {
          let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
          process.waitUntilExit()
          guard process.terminationStatus == 0 else {
            throw BackupError(
              .io, "\(arguments.joined(separator: " ")) failed with status \(process.terminationStatus): \(message.trimmingCharacters(in: .whitespacesAndNewlines).suffix(500))")
          }
        }
      )
    }
  }
}
