// Reads a backup job's password from its file or environment variable at run time, so a
// rotated password is picked up without a reload and the YAML never holds a secret.
import Backup
import Foundation

enum BackupPassword {
  /// The first line of `file`, or the value of `environmentVariable`.
  /// - Throws: `BackupError` naming a missing or empty file, `BackupJobError` a missing variable.
  static func read(file: String?, environmentVariable: String?, what: String) throws -> String {
    if let file { return try PasswordFile.firstLine(file, what: what) }
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
