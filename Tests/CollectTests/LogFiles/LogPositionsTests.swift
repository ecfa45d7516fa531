// The positions file: round trip, atomic replacement on disk, malformed files refused with a
// message naming the problem, and seeded mutations that must never crash the decoder.

@testable import Collect
import Foundation
import Testing
import WardenTesting

struct LogPositionsTests {
  private func sample() -> LogPositions {
    var positions = LogPositions()
    positions.entries[LogFileIdentity(device: 2049, inode: 393_231)] = .init(
      path: "/var/log/app.log", offset: 81920, fingerprint: LogFileFingerprint(length: 256, hash: 0x9f3a_0c1d_2e4b_5a68))
    positions.entries[LogFileIdentity(device: 2049, inode: 7)] = .init(
      path: "/var/log/a \"quoted\".log", offset: 0, fingerprint: .empty)
    return positions
  }

  @Test func roundTripsThroughJSON() throws {
    let positions = sample()
    let text = String(decoding: positions.encoded(), as: UTF8.self)
    #expect(text.contains(#""fingerprint":"9f3a0c1d2e4b5a68""#))
    #expect(try LogPositions.decode(positions.encoded()) == positions)
  }

  @Test func storesAtomicallyCreatingTheDirectoryAndLoadsBack() throws {
    let root = NSTemporaryDirectory() + "warden-positions-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    let file = PositionsFile(path: root + "/logs/positions.json")
    #expect(try file.load() == nil)
    try file.store(sample())
    #expect(try file.load() == sample())
    #expect(!FileManager.default.fileExists(atPath: root + "/logs/positions.json.tmp"))
    try file.store(LogPositions())
    #expect(try file.load() == LogPositions())
  }

  @Test(arguments: [
    ("", "not valid"),
    ("[]", "not valid"),
    (#"{"version": 2, "files": []}"#, "version 2"),
    (#"{"version": 1, "files": [{"path": "", "device": 1, "inode": 2, "offset": 0, "fingerprint_length": 0, "fingerprint": "0000000000000000"}]}"#, "path is empty"),
    (#"{"version": 1, "files": [{"path": "/a", "device": 1, "inode": 2, "offset": -5, "fingerprint_length": 0, "fingerprint": "0000000000000000"}]}"#, "offset -5 is negative"),
    (#"{"version": 1, "files": [{"path": "/a", "device": 1, "inode": 2, "offset": 0, "fingerprint_length": 999, "fingerprint": "0000000000000000"}]}"#, "fingerprint_length 999"),
    (#"{"version": 1, "files": [{"path": "/a", "device": 1, "inode": 2, "offset": 0, "fingerprint_length": 0, "fingerprint": "xyz"}]}"#, "not 16 hexadecimal digits"),
  ])
  func malformedFilesAreRefusedNamingTheProblem(text: String, expected: String) {
    do {
      _ = try LogPositions.decode(Array(text.utf8))
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.description.contains(expected), "\(error)")
    }
  }

  @Test func oversizedFilesAreRefused() {
    let big = [UInt8](repeating: UInt8(ascii: " "), count: LogPositions.maximumFileBytes + 1)
    #expect(throws: LogPositionsError.self) { try LogPositions.decode(big) }
  }

  /// Random mutations of a valid file decode or fail cleanly, never crash.
  @Test func mutatedFilesNeverCrashTheDecoder() {
    var generator = SeededGenerator(seed: 6)
    let valid = sample().encoded()
    var decoded = 0
    for _ in 0..<3000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0: bytes[index] = UInt8.random(in: 0...255, using: &generator)
        case 1: bytes.remove(at: index)
        default: bytes.insert(UInt8.random(in: 0x20...0x7E, using: &generator), at: index)
        }
      }
      if let positions = try? LogPositions.decode(bytes) {
        decoded += 1
        #expect(positions.entries.values.allSatisfy { $0.offset >= 0 && !$0.path.isEmpty })
      }
    }
    #expect(decoded < 3000)
  }
}
