// The data-directory lock: exclusive, names the holder, creates the directory, refuses files.
import Foundation
import Server
import Testing

struct DataDirectoryLockTests {
  private func temporaryDirectory() -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("lock-\(UUID().uuidString)").path
  }

  @Test func createsTheDirectoryAndHoldsTheLock() throws {
    let directory = temporaryDirectory() + "/nested/data"
    let lock = try DataDirectoryLock.acquire(directory: directory)
    #expect(FileManager.default.fileExists(atPath: directory + "/lock"))
    let holder = try String(contentsOfFile: directory + "/lock", encoding: .utf8)
    #expect(holder == "\(getpid())\n")

    // flock is per open file, so a second acquire in this same process conflicts too.
    #expect {
      _ = try DataDirectoryLock.acquire(directory: directory)
    } throws: { error in
      "\(error)".contains("data directory \(directory) is in use by process \(getpid())")
    }
    withExtendedLifetime(lock) {}
  }

  @Test func releasesWhenTheHolderGoesAway() throws {
    let directory = temporaryDirectory()
    do { _ = try DataDirectoryLock.acquire(directory: directory) }
    let again = try DataDirectoryLock.acquire(directory: directory)
    #expect(again.directory == directory)
  }

  @Test func refusesAPlainFile() throws {
    let file = temporaryDirectory()
    try Data("x".utf8).write(to: URL(fileURLWithPath: file))
    #expect {
      _ = try DataDirectoryLock.acquire(directory: file)
    } throws: { "\($0)" == "cannot use data directory \(file): it exists and is not a directory" }
  }
}
