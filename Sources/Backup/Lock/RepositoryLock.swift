// Repository locks (`locks/<id>`): backups and checks share the repository (non-exclusive locks);
// prune and key removal need it alone (exclusive). A lock names its host, process and time; it is
// stale when its process is gone (same host) or it was not refreshed for 30 minutes (another
// host), and stale locks neither block nor survive `unlock`.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

package struct LockRecord: Codable, Sendable {
  package var hostname: String
  package var pid: Int32
  /// Seconds since the epoch when taken or last refreshed.
  package var time: Double
  package var exclusive: Bool

  package static let staleAfterSeconds = 30.0 * 60

  package var isStale: Bool {
    if hostname == ProcessInfo.processInfo.hostName {
      return kill(pid, 0) != 0 && errno == ESRCH
    }
    return Date().timeIntervalSince1970 - time > Self.staleAfterSeconds
  }

  package var summary: String {
    "\(exclusive ? "exclusive" : "shared") lock by process \(pid) on \(hostname) since \(Date(timeIntervalSince1970: time))"
  }
}

package final class RepositoryLock: Sendable {
  let repository: Repository
  package let id: BlobID

  private init(repository: Repository, id: BlobID) {
    self.repository = repository
    self.id = id
  }

  /// Takes a lock, or fails naming the holder of a conflicting one.
  package static func acquire(_ repository: Repository, exclusive: Bool) throws -> RepositoryLock {
    try checkConflicts(repository, exclusive: exclusive, ignoring: nil)
    let record = LockRecord(
      hostname: ProcessInfo.processInfo.hostName, pid: getpid(), time: Date().timeIntervalSince1970, exclusive: exclusive)
    let id = try repository.save(record, kind: .locks)
    // Two processes may have written at the same moment: look again, and back off if so.
    do {
      try checkConflicts(repository, exclusive: exclusive, ignoring: id)
    } catch {
      try? repository.remove(.locks, id: id)
      throw error
    }
    return RepositoryLock(repository: repository, id: id)
  }

  private static func checkConflicts(_ repository: Repository, exclusive: Bool, ignoring: BlobID?) throws {
    for other in try repository.list(.locks) where other != ignoring {
      // A lock file we cannot read (being written, or damaged) is not trusted to block.
      guard let record = try? repository.load(LockRecord.self, kind: .locks, id: other), !record.isStale else { continue }
      if exclusive || record.exclusive {
        throw BackupError(
          .locked, "repository \(repository.path) is locked: \(record.summary); if that process is gone, run `warden backup unlock`")
      }
    }
  }

  package func release() {
    try? repository.remove(.locks, id: id)
  }

  /// Removes stale locks (all locks with `all`); returns how many.
  @discardableResult
  package static func removeStale(_ repository: Repository, all: Bool = false) throws -> Int {
    var removed = 0
    for id in try repository.list(.locks) {
      let record = try? repository.load(LockRecord.self, kind: .locks, id: id)
      if all || record?.isStale != false {
        try repository.remove(.locks, id: id)
        removed += 1
      }
    }
    return removed
  }
}
