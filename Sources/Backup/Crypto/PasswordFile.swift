// Passwords kept in files (the repository's, a database's): the first line is the password, as
// restic and libpq read theirs. One reader for the command line and the server's backup jobs.
import Foundation

package enum PasswordFile {
  /// The first line of `path`; `what` names the password in errors ("repository").
  /// - Throws: `BackupError` naming the file when it cannot be read or its first line is empty.
  package static func firstLine(_ path: String, what: String) throws -> String {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
      throw BackupError(.usage, "cannot read the \(what) password file \(path)")
    }
    let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
    guard !line.isEmpty else { throw BackupError(.usage, "the \(what) password file \(path) is empty") }
    return line
  }
}
