// The saved read positions of tailed files and their JSON form (`<data>/logs/positions.json`):
// for each open file its identity (device, inode), the path it was found at, the offset up to
// which the sink has acknowledged its records, and the fingerprint of its first bytes. Looked up
// by identity, so a file renamed by rotation to a name the globs also match resumes where it was.
//
//   {"version": 1, "files": [{"path": "/var/log/app.log", "device": 2049, "inode": 393231,
//     "offset": 81920, "fingerprint_length": 256, "fingerprint": "9f3a0c1d2e4b5a68"}]}
import Foundation

package struct LogPositions: Sendable, Equatable {
  package struct Entry: Sendable, Equatable {
    package var path: String
    package var offset: Int64
    package var fingerprint: LogFileFingerprint

    package init(path: String, offset: Int64, fingerprint: LogFileFingerprint) {
      self.path = path
      self.offset = offset
      self.fingerprint = fingerprint
    }
  }

  /// Positions files are small (one entry per open file); a bigger one is not ours.
  package static let maximumFileBytes = 16 << 20
  package static let maximumEntries = 100_000
  static let currentVersion = 1

  package var entries: [LogFileIdentity: Entry] = [:]

  package init() {}

  // MARK: - JSON

  private struct FileForm: Codable {
    var version: Int
    var files: [EntryForm]
  }

  private struct EntryForm: Codable {
    var path: String
    var device: UInt64
    var inode: UInt64
    var offset: Int64
    var fingerprintLength: Int
    var fingerprint: String

    enum CodingKeys: String, CodingKey {
      case path, device, inode, offset
      case fingerprintLength = "fingerprint_length"
      case fingerprint
    }
  }

  package func encoded() -> [UInt8] {
    let files = entries.sorted { ($0.value.path, $0.key.inode) < ($1.value.path, $1.key.inode) }.map { identity, entry in
      EntryForm(
        path: entry.path, device: identity.device, inode: identity.inode, offset: entry.offset,
        fingerprintLength: entry.fingerprint.length, fingerprint: Self.hex(entry.fingerprint.hash))
    }
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    // Encoding plain strings and integers cannot fail.
    return (try? Array(encoder.encode(FileForm(version: Self.currentVersion, files: files)))) ?? []
  }

  /// Parses a positions file, refusing anything malformed with a message naming the problem.
  package static func decode(_ bytes: [UInt8]) throws(LogPositionsError) -> LogPositions {
    guard bytes.count <= maximumFileBytes else {
      throw LogPositionsError("positions file is \(bytes.count) bytes, over the \(maximumFileBytes)-byte limit")
    }
    let form: FileForm
    do {
      form = try JSONDecoder().decode(FileForm.self, from: Data(bytes))
    } catch {
      throw LogPositionsError("positions file is not valid: \(error)")
    }
    guard form.version == currentVersion else {
      throw LogPositionsError("positions file has version \(form.version), expected \(currentVersion)")
    }
    guard form.files.count <= maximumEntries else {
      throw LogPositionsError("positions file lists \(form.files.count) files, over the \(maximumEntries) limit")
    }
    var positions = LogPositions()
    for (index, file) in form.files.enumerated() {
      guard !file.path.isEmpty else { throw LogPositionsError("files[\(index)]: path is empty") }
      guard file.offset >= 0 else { throw LogPositionsError("files[\(index)]: offset \(file.offset) is negative") }
      guard (0...LogFileFingerprint.maximumLength).contains(file.fingerprintLength) else {
        throw LogPositionsError(
          "files[\(index)]: fingerprint_length \(file.fingerprintLength) is outside 0...\(LogFileFingerprint.maximumLength)")
      }
      guard file.fingerprint.utf8.count == 16, let hash = UInt64(file.fingerprint, radix: 16) else {
        throw LogPositionsError("files[\(index)]: fingerprint \"\(file.fingerprint)\" is not 16 hexadecimal digits")
      }
      let identity = LogFileIdentity(device: file.device, inode: file.inode)
      positions.entries[identity] = Entry(
        path: file.path, offset: file.offset, fingerprint: LogFileFingerprint(length: file.fingerprintLength, hash: hash))
    }
    return positions
  }

  private static func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
  }
}

package struct LogPositionsError: Error, Sendable, CustomStringConvertible {
  package let message: String

  init(_ message: String) {
    self.message = message
  }

  package var description: String { message }
}
