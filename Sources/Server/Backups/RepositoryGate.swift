// One run at a time per repository: backups, checks and drills of every job that shares a
// repository wait their turn here (first come, first served), so a prune never races a backup.
actor RepositoryGate {
  private var busy: Set<String> = []
  private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

  /// Runs `body` once no other run holds `repository`.
  func withRepository<T: Sendable>(_ repository: String, _ body: @Sendable () async -> T) async -> T {
    await acquire(repository)
    let result = await body()
    release(repository)
    return result
  }

  private func acquire(_ repository: String) async {
    if busy.insert(repository).inserted { return }
    await withCheckedContinuation { waiting[repository, default: []].append($0) }
  }

  private func release(_ repository: String) {
    if var queue = waiting[repository], !queue.isEmpty {
      // Handed straight to the next waiter: the repository stays busy.
      let next = queue.removeFirst()
      waiting[repository] = queue.isEmpty ? nil : queue
      next.resume()
    } else {
      busy.remove(repository)
    }
  }
}
