// Builds a throw-away /proc, /sys and root tree in a temporary directory from fixture strings, so
// HostCollector can be pointed at it (SwiftPM resources would need Package.swift changes).

import Foundation

/// A temporary directory tree, deleted by `remove()`.
struct FixtureTree {
  let root: URL

  var procPath: String { root.appendingPathComponent("proc").path }
  var sysPath: String { root.appendingPathComponent("sys").path }
  var rootPath: String { root.appendingPathComponent("root").path }

  init() throws {
    root = FileManager.default.temporaryDirectory.appendingPathComponent("collect-fixture-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
  }

  /// Writes `contents` to `relativePath`, creating directories on the way.
  func write(_ relativePath: String, _ contents: String) throws {
    try write(relativePath, Data(contents.utf8))
  }

  func write(_ relativePath: String, _ contents: Data) throws {
    let url = root.appendingPathComponent(relativePath)
    try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
    try contents.write(to: url)
  }

  func makeDirectory(_ relativePath: String) throws {
    try FileManager.default.createDirectory(
      at: root.appendingPathComponent(relativePath), withIntermediateDirectories: true)
  }

  func remove() {
    try? FileManager.default.removeItem(at: root)
  }

  /// The complete tree of a healthy machine.
  static func standard() throws -> FixtureTree {
    let tree = try FixtureTree()
    try tree.write("proc/stat", ProcFixtures.stat)
    try tree.write("proc/loadavg", ProcFixtures.loadavg)
    try tree.write("proc/meminfo", ProcFixtures.meminfo)
    try tree.write("proc/1/mounts", ProcFixtures.mounts)
    try tree.write("proc/diskstats", ProcFixtures.diskstats)
    try tree.write("proc/net/dev", ProcFixtures.netDev)
    try tree.write("proc/sys/fs/file-nr", ProcFixtures.fileNr)
    try tree.write("proc/sys/kernel/random/entropy_avail", "256\n")
    try tree.write("proc/sys/kernel/random/poolsize", "256\n")
    try tree.write("proc/vmstat", ProcFixtures.vmstat)
    try tree.write("sys/class/net/eth0/statistics/rx_nohandler", "3\n")
    try tree.write("sys/devices/system/clocksource/clocksource0/available_clocksource", "tsc kvm-clock \n")
    try tree.write("sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc\n")
    try tree.write("root/run/udev/data/b254:0", ProcFixtures.udevVDA)
    try tree.makeDirectory("root/srv/data disk")
    return tree
  }
}

enum FileManagerShim {
  static func remove(_ path: String) throws {
    try FileManager.default.removeItem(atPath: path)
  }
}
