// Exclusive ownership of a data directory: a second `warden serve` on the same directory must stop
// at once, naming the directory and the process that holds it, instead of corrupting the stores.
// flock(2) is released by the kernel when the holder dies, even on kill -9, so a stale lock file
// never blocks a restart.
import ConfigDecoding
import Foundation
#if canImport(Glibc)
  import Glibc
#endif

/// Holds the lock on `<data-dir>/lock` for the life of the process.
///
/// Thread-safe: immutable after `acquire`.
package final class DataDirectoryLock: Sendable {
  package static let fileName = "lock"
  package let directory: String
  private let descriptor: Int32

  private init(directory: String, descriptor: Int32) {
    self.directory = directory
    self.descriptor = descriptor
  }

  deinit {
    close(descriptor)
  }

  /// Creates the directory if needed, checks it is usable, and takes the lock.
  /// - Throws: `StartupError` naming the directory and the reason (not a directory, not
  ///   writable, or locked by another process, with that process's pid).
  package static func acquire(directory: String) throws(StartupError) -> DataDirectoryLock {
    var isDirectory: ObjCBool = false
    if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
      guard isDirectory.boolValue else {
        throw StartupError("cannot use data directory \(directory): it exists and is not a directory")
      }
    } else {
      do {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
      } catch {
        throw StartupError("cannot create data directory \(directory): \(SystemErrorReason.describe(error))")
      }
    }
    guard access(directory, R_OK | W_OK | X_OK) == 0 else {
      throw StartupError("cannot use data directory \(directory): \(String(cString: strerror(errno)))")
    }

    let path = directory + "/" + fileName
    let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      throw StartupError("cannot open lock file \(path): \(String(cString: strerror(errno)))")
    }
    guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
      let reason = errno
      let holder = Self.readHolder(descriptor)
      close(descriptor)
      if reason == EWOULDBLOCK {
        let who = holder.map { "process \($0)" } ?? "another process"
        throw StartupError("data directory \(directory) is in use by \(who) (lock file \(path)); stop it or choose another --data-dir")
      }
      throw StartupError("cannot lock \(path): \(String(cString: strerror(reason)))")
    }
    // Record who holds it, for the message the next contender prints.
    let pid = "\(getpid())\n"
    _ = ftruncate(descriptor, 0)
    _ = pid.withCString { pwrite(descriptor, $0, strlen($0), 0) }
    return DataDirectoryLock(directory: directory, descriptor: descriptor)
  }

  private static func readHolder(_ descriptor: Int32) -> Int32? {
    var buffer = [UInt8](repeating: 0, count: 32)
    let count = pread(descriptor, &buffer, buffer.count, 0)
    guard count > 0 else { return nil }
    let text = String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    return Int32(text)
  }
}
