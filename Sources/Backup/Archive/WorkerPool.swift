// A fixed set of threads for the backup walk: more threads than cores, because with a cold cache
// most of a small-file backup is waiting on the disk (a stat, a directory read, a 4 KiB read), and
// a virtual disk answers several requests at once about as fast as one. Dispatch's global queues
// on Linux run about one thread per core and do not add threads while one waits on I/O, so they
// cannot give that overlap. Jobs must never wait for other jobs (only for locks and I/O): a job
// that finishes work others wait on calls their completion instead.
// Two queues: file reads first, oldest first, so started directories finish and free their nodes;
// then directories, newest first, so the walk goes depth first and its frontier stays small.
import Foundation
import NIOConcurrencyHelpers

final class WorkerPool: Sendable {
  enum Kind {
    case file, directory
  }

  private struct State {
    var files: [@Sendable () -> Void] = []
    var nextFile = 0
    var directories: [@Sendable () -> Void] = []
    var stopping = false
  }

  private let state = NIOLockedValueBox(State())
  private let available = DispatchSemaphore(value: 0)
  private let threads: Int
  private let stopped = DispatchGroup()

  init(threads: Int) {
    self.threads = max(1, threads)
    for _ in 0..<self.threads {
      stopped.enter()
      let thread = Thread { [self] in
        runJobs()
        stopped.leave()
      }
      thread.name = "warden-backup"
      thread.start()
    }
  }

  func submit(_ kind: Kind, _ job: @escaping @Sendable () -> Void) {
    state.withLockedValue { state in
      switch kind {
      case .file: state.files.append(job)
      case .directory: state.directories.append(job)
      }
    }
    available.signal()
  }

  /// Lets the threads end once the queues are empty, and waits for them.
  func shutdown() {
    state.withLockedValue { $0.stopping = true }
    for _ in 0..<threads { available.signal() }
    stopped.wait()
  }

  private func runJobs() {
    while true {
      available.wait()
      let job = state.withLockedValue { state -> (@Sendable () -> Void)? in
        if state.nextFile < state.files.count {
          let job = state.files[state.nextFile]
          state.files[state.nextFile] = {}  // frees what the job holds as soon as it has run
          state.nextFile += 1
          if state.nextFile == state.files.count {
            state.files.removeAll(keepingCapacity: true)
            state.nextFile = 0
          }
          return job
        }
        return state.directories.popLast()
      }
      if let job {
        job()
      } else if state.withLockedValue({ $0.stopping }) {
        return
      }
    }
  }
}
