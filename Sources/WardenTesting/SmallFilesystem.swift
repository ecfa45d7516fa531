// A small tmpfs mounted for one test, to fill a disk on purpose (needs root, as CI and `make
// test` have). `resize` grows or shrinks it in place, so a test can give space back.
import Foundation

package struct SmallFilesystem: Sendable {
  package let path: String

  /// Whether this process may mount one (root, and tmpfs available).
  package static let isAvailable: Bool = {
    guard geteuid() == 0, let probe = try? SmallFilesystem(sizeKiB: 64) else { return false }
    probe.unmount()
    return true
  }()

  package init(sizeKiB: Int) throws {
    path = FileManager.default.temporaryDirectory.appendingPathComponent("small-fs-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    guard try Self.run("/bin/mount", ["-t", "tmpfs", "-o", "size=\(sizeKiB)k", "tmpfs", path]) == 0 else {
      throw POSIXError(.EPERM)
    }
  }

  /// Changes the size of the mounted filesystem, keeping its contents.
  package func resize(sizeKiB: Int) throws {
    guard try Self.run("/bin/mount", ["-o", "remount,size=\(sizeKiB)k", path]) == 0 else { throw POSIXError(.EPERM) }
  }

  package func unmount() {
    _ = try? Self.run("/bin/umount", ["-l", path])
    try? FileManager.default.removeItem(atPath: path)
  }

  private static func run(_ tool: String, _ arguments: [String]) throws -> Int32 {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: tool)
    process.arguments = arguments
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    try process.run()
    process.waitUntilExit()
    return process.terminationStatus
  }
}
