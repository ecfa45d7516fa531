// Deletions (Loki's delete API): a selector and an inclusive time range, recorded durably in the
// `tombstones` file before `delete` returns, hiding matching records from reads at once, and
// applied for good when the segments holding them are rewritten. A tombstone covers the data of
// head generations up to the one active when it was made (records appended later, in a later
// generation, are not deleted by it).
import Codecs
import WardenCore

struct LogTombstone: Sendable, Equatable {
  var id: UInt64
  /// The head generation that was active when the deletion was made.
  var generation: UInt64
  var matchers: [LabelMatcher]
  var startNs: Int64
  /// Inclusive.
  var endNs: Int64

  func matches(_ labels: Labels) -> Bool {
    matchers.allSatisfy { $0.matches(labels[$0.name]) }
  }

  func overlaps(minTimeNs: Int64, maxTimeNs: Int64) -> Bool {
    startNs <= maxTimeNs && endNs >= minTimeNs
  }
}

/// The `tombstones` file: every pending deletion, rewritten whole (atomically) on each change.
enum LogTombstoneFile {
  /// "WLTS".
  static let magic: UInt32 = 0x574C_5453
  static let version: UInt8 = 1

  static func encode(_ tombstones: [LogTombstone]) -> [UInt8] {
    var bytes: [UInt8] = []
    BigEndian.append(magic, to: &bytes)
    bytes.append(version)
    Varint.append(UInt64(tombstones.count), to: &bytes)
    for tombstone in tombstones {
      Varint.append(tombstone.id, to: &bytes)
      Varint.append(tombstone.generation, to: &bytes)
      Varint.appendZigZag(tombstone.startNs, to: &bytes)
      Varint.appendZigZag(tombstone.endNs, to: &bytes)
      Varint.append(UInt64(tombstone.matchers.count), to: &bytes)
      for matcher in tombstone.matchers {
        bytes.append(kindCode(matcher.kind))
        appendString(matcher.name, to: &bytes)
        appendString(matcher.value, to: &bytes)
      }
    }
    BigEndian.append(CRC32C.checksum(bytes), to: &bytes)
    return bytes
  }

  static func decode(_ bytes: [UInt8]) throws(CodecError) -> [LogTombstone] {
    let result: Result<[LogTombstone], CodecError> = bytes.withUnsafeBytes { buffer in
      do throws(CodecError) {
        return .success(try decode(buffer))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  private static func decode(_ buffer: UnsafeRawBufferPointer) throws(CodecError) -> [LogTombstone] {
    let subject = "log tombstones file"
    guard buffer.count >= 9 else { throw .truncated(subject, "\(buffer.count) bytes") }
    let body = UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count - 4)])
    var crcReader = ByteReader(buffer, offset: buffer.count - 4, subject: subject)
    guard CRC32C.checksum(body) == (try crcReader.readUInt32BE()) else { throw .corrupt(subject, "checksum mismatch") }
    var reader = ByteReader(body, subject: subject)
    guard try reader.readUInt32BE() == magic else { throw .corrupt(subject, "bad magic") }
    let fileVersion = try reader.readByte()
    guard fileVersion == version else { throw .corrupt(subject, "unknown version \(fileVersion)") }
    let count = try reader.readVarint()
    guard count <= UInt64(reader.remaining) else { throw .corrupt(subject, "count \(count) exceeds the file") }
    var result: [LogTombstone] = []
    for _ in 0..<count {
      let id = try reader.readVarint()
      let generation = try reader.readVarint()
      let start = try reader.readZigZagVarint()
      let end = try reader.readZigZagVarint()
      let matcherCount = try reader.readVarint()
      guard matcherCount <= UInt64(reader.remaining) else { throw .corrupt(subject, "matcher count exceeds the file") }
      var matchers: [LabelMatcher] = []
      for _ in 0..<matcherCount {
        let code = try reader.readByte()
        guard let kind = kind(code) else { throw .corrupt(subject, "unknown matcher kind \(code)") }
        let name = try readString(&reader)
        let value = try readString(&reader)
        do throws(LabelMatcherError) {
          matchers.append(try LabelMatcher(kind, name, value))
        } catch {
          throw .corrupt(subject, "matcher \(name)\(kind.rawValue)\(value): \(error)")
        }
      }
      result.append(LogTombstone(id: id, generation: generation, matchers: matchers, startNs: start, endNs: end))
    }
    guard reader.isAtEnd else { throw .corrupt(subject, "\(reader.remaining) bytes after the last tombstone") }
    return result
  }

  private static func kindCode(_ kind: LabelMatcher.Kind) -> UInt8 {
    switch kind {
    case .equal: 0
    case .notEqual: 1
    case .regexMatch: 2
    case .regexNoMatch: 3
    }
  }

  private static func kind(_ code: UInt8) -> LabelMatcher.Kind? {
    switch code {
    case 0: .equal
    case 1: .notEqual
    case 2: .regexMatch
    case 3: .regexNoMatch
    default: nil
    }
  }

  private static func appendString(_ string: String, to buffer: inout [UInt8]) {
    Varint.append(UInt64(string.utf8.count), to: &buffer)
    buffer.append(contentsOf: string.utf8)
  }

  private static func readString(_ reader: inout ByteReader) throws(CodecError) -> String {
    let length = try reader.readVarint()
    guard length <= UInt64(reader.remaining) else {
      throw .truncated(reader.subject, "string of \(length) bytes past the end at byte \(reader.offset)")
    }
    return String(decoding: try reader.readBytes(count: Int(length)), as: UTF8.self)
  }
}
