// The one error type of the backup engine: what failed, in one line an operator can act on
// ("wrong password for repository /backups/db", "pack 3fa2... is damaged: ..."), with a kind that
// commands map to exit codes and that tests match on.
#if canImport(Glibc)
  import Glibc
#endif
import Codecs

package struct BackupError: Error, CustomStringConvertible, Equatable, FileSystemFailure {
  package enum Kind: Sendable, Equatable {
    /// No key file opens with the password given.
    case wrongPassword
    /// The path is not a repository, or its config is unreadable.
    case notARepository
    /// A repository file fails its authentication or structure checks.
    case corrupt
    /// Another process holds a conflicting lock.
    case locked
    /// The disk is full (ENOSPC, EDQUOT).
    case outOfSpace
    /// Any other I/O failure.
    case io
    /// Bad arguments: unknown snapshot, bad path, bad option.
    case usage
  }

  package let kind: Kind
  package let message: String

  package init(_ kind: Kind, _ message: String) {
    self.kind = kind
    self.message = message
  }

  package init(fileSystemAction action: String, path: String, errno code: Int32) {
    let reason = String(cString: strerror(code))
    if code == ENOSPC || code == EDQUOT {
      self.init(.outOfSpace, "cannot \(action) \(path): \(reason) (the disk is full; nothing partial is referenced)")
    } else {
      self.init(.io, "cannot \(action) \(path): \(reason)")
    }
  }

  package var description: String { message }
}

typealias FileIO = PosixFiles<BackupError>
