// Repositories opened once and kept: opening one derives its key with scrypt (64 MiB and a good
// fraction of a second by design), which the API's snapshot listing and every scheduled run
// would otherwise pay again. Keyed by path and password (the process holds both anyway), so a
// rotated password opens afresh and a wrong one is never served from here.
import Backup
import Synchronization

final class OpenRepositories: Sendable {
  private let open = Mutex<[String: Repository]>([:])

  func repository(at path: String, password: String, opening: () throws -> Repository) rethrows -> Repository {
    let key = path + "\u{0}" + password
    if let cached = open.withLock({ $0[key] }) { return cached }
    let repository = try opening()
    open.withLock { $0[key] = repository }
    return repository
  }
}
