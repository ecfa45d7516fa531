// Reads a backup job's password from its file or environment variable at run time, so a
// rotated password is picked up without a reload and the YAML never holds a secret.
import Foundation

enum BackupPassword {
  /// The first line of `file`, or the value of `environmentVariable`.
  /// - Throws: `BackupJobError` naming the file or variable when it is missing or empty.
  static func read(file: String?, environmentVariable: String?, what: String) throws -> String {
    if let file {
      guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
        throw BackupJobError("cannot read the \(what) password file \(file)")
      }
      let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
      guard !line.isEmpty else { throw BackupJobError("the \(what) password file \(file) is empty") }
      return line
    }
    if let environmentVariable {
      guard let value = ProcessInfo.processInfo.environment[environmentVariable], !value.isEmpty else {
        throw BackupJobError("the environment variable \(environmentVariable) with the \(what) password is not set")
      }
      return value
    }
    throw BackupJobError("no \(what) password configured")
  }
}

/// A failed step of a job, in one line for the history and the log.
struct BackupJobError: Error, CustomStringConvertible {
  let description: String

  init(_ description: String) {
    self.description = description
  }
}
