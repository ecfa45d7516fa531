// An async mutual-exclusion lock: one evaluation of a group at a time (the schedule loop, a
// manual evaluation, a reload taking the group's state), waiting in arrival order.

actor EvaluationLock {
  private var isHeld = false
  private var waiters: [CheckedContinuation<Void, Never>] = []

  func acquire() async {
    guard isHeld else {
      isHeld = true
      return
    }
    await withCheckedContinuation { waiters.append($0) }
  }

  func release() {
    if waiters.isEmpty {
      isHeld = false
    } else {
      // Ownership passes straight to the next waiter.
      waiters.removeFirst().resume()
    }
  }
}
