// Sizes on disk for the overview: nested files counted once, links not followed, missing paths 0.
import Foundation
import Codecs
import Testing

struct DiskUsageTests {
  @Test func countsRegularFilesAtAnyDepthAndNotLinks() throws {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("disk-usage-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: root) }
    try FileManager.default.createDirectory(at: root.appendingPathComponent("blocks/01/chunks"), withIntermediateDirectories: true)
    try Data(count: 1000).write(to: root.appendingPathComponent("wal"))
    try Data(count: 234).write(to: root.appendingPathComponent("blocks/01/index"))
    try Data(count: 4096).write(to: root.appendingPathComponent("blocks/01/chunks/000001"))
    try FileManager.default.createSymbolicLink(
      at: root.appendingPathComponent("link"), withDestinationURL: root.appendingPathComponent("blocks/01/chunks/000001"))
    #expect(DiskUsage.bytesUnder(root.path) == 1000 + 234 + 4096)
    #expect(DiskUsage.fileSize(root.appendingPathComponent("wal").path) == 1000)
    #expect(DiskUsage.fileSize(root.appendingPathComponent("nothing").path) == 0)
    #expect(DiskUsage.fileSize(root.path) == 0, "a directory is not a file")
    #expect(DiskUsage.bytesUnder(root.appendingPathComponent("nothing").path) == 0)
    let space = try #require(DiskUsage.space(root.path))
    #expect(space.total > 0 && space.free > 0 && space.free <= space.total)
    #expect(DiskUsage.space(root.appendingPathComponent("nothing").path) == nil)
  }
}
