// Time zone abbreviations ("CET", "EDT") as Go prints them with "MST" in a layout. Foundation on
// Linux names zones "GMT+1", so the abbreviation is read from the system's TZif file
// (/usr/share/zoneinfo, RFC 8536) for the zone and instant; the offset itself comes from
// Foundation. Files are size-limited and parsed defensively; any problem just means no name.
import Foundation
import Synchronization

enum ZoneAbbreviations {
  /// One local time type of a TZif file.
  struct LocalTimeType: Equatable {
    var offsetSeconds: Int
    var isDaylightSaving: Bool
    var abbreviation: String
  }

  /// A zone's transitions (Unix seconds, ascending) and the type each one starts.
  struct Zone: Equatable {
    var transitions: [Int64]
    var typeIndices: [Int]
    var types: [LocalTimeType]

    /// The abbreviation in effect at `unixSeconds`, when it has the expected offset.
    func abbreviation(at unixSeconds: Int64, offsetSeconds: Int) -> String? {
      var candidate: LocalTimeType?
      if let last = transitions.lastIndex(where: { $0 <= unixSeconds }) {
        candidate = types[typeIndices[last]]
      } else {
        candidate = types.first { !$0.isDaylightSaving } ?? types.first
      }
      if let candidate, candidate.offsetSeconds == offsetSeconds { return candidate.abbreviation }
      // Past the last listed transition (or a file that disagrees): the most recent type with that offset.
      for index in typeIndices.reversed() where types[index].offsetSeconds == offsetSeconds {
        return types[index].abbreviation
      }
      return types.first { $0.offsetSeconds == offsetSeconds }?.abbreviation
    }
  }

  static let maxFileBytes = 256 << 10
  private static let cache = Mutex<[String: Zone?]>([:])

  /// The abbreviation of `identifier` at `unixSeconds`, or nil when unknown.
  static func abbreviation(zone identifier: String, unixSeconds: Int64, offsetSeconds: Int) -> String? {
    let zone: Zone?
    if let cached = cache.withLock({ $0[identifier] }) {
      zone = cached
    } else {
      zone = load(identifier)
      cache.withLock { $0[identifier] = zone }
    }
    guard let abbreviation = zone?.abbreviation(at: unixSeconds, offsetSeconds: offsetSeconds) else { return nil }
    // Some zones have no letters and use "+03"; Go prints those the same way.
    return abbreviation.isEmpty ? nil : abbreviation
  }

  private static func load(_ identifier: String) -> Zone? {
    guard !identifier.contains(".."), !identifier.hasPrefix("/") else { return nil }
    let root = ProcessInfo.processInfo.environment["ZONEINFO"] ?? "/usr/share/zoneinfo"
    guard let data = FileManager.default.contents(atPath: root + "/" + identifier), data.count <= maxFileBytes else {
      return nil
    }
    return parse(Array(data))
  }

  /// Parses a TZif file (version 1 data, or the 64-bit data of version 2 and later).
  static func parse(_ bytes: [UInt8]) -> Zone? {
    var reader = Reader(bytes: bytes)
    guard let header = reader.header() else { return nil }
    guard header.version >= 2 else { return reader.data(header, timeSize: 4) }
    guard reader.skip(header.v1DataSize), let second = reader.header() else { return nil }
    return reader.data(second, timeSize: 8)
  }

  private struct Header {
    var version: Int
    var isUTCCount, isStandardCount, leapCount, timeCount, typeCount, characterCount: Int

    var v1DataSize: Int {
      timeCount * 5 + typeCount * 6 + characterCount + leapCount * 8 + isStandardCount + isUTCCount
    }
  }

  private struct Reader {
    let bytes: [UInt8]
    var position = 0

    mutating func skip(_ count: Int) -> Bool {
      guard count >= 0, position + count <= bytes.count else { return false }
      position += count
      return true
    }

    mutating func integer(_ size: Int) -> Int64? {
      guard position + size <= bytes.count else { return nil }
      var value: UInt64 = 0
      for byte in bytes[position..<position + size] { value = value << 8 | UInt64(byte) }
      position += size
      // Sign-extend 4-byte values.
      if size == 4 { return Int64(Int32(bitPattern: UInt32(truncatingIfNeeded: value))) }
      return Int64(bitPattern: value)
    }

    mutating func header() -> Header? {
      guard position + 44 <= bytes.count, Array(bytes[position..<position + 4]) == Array("TZif".utf8) else { return nil }
      let versionByte = bytes[position + 4]
      let version = versionByte == 0 ? 1 : Int(versionByte) - Int(UInt8(ascii: "0"))
      position += 20
      var counts: [Int] = []
      for _ in 0..<6 {
        guard let count = integer(4), (0...100_000).contains(count) else { return nil }
        counts.append(Int(count))
      }
      return Header(
        version: version, isUTCCount: counts[0], isStandardCount: counts[1], leapCount: counts[2], timeCount: counts[3],
        typeCount: counts[4], characterCount: counts[5])
    }

    mutating func data(_ header: Header, timeSize: Int) -> Zone? {
      guard header.typeCount > 0 else { return nil }
      var transitions: [Int64] = []
      for _ in 0..<header.timeCount {
        guard let time = integer(timeSize) else { return nil }
        transitions.append(time)
      }
      var indices: [Int] = []
      for _ in 0..<header.timeCount {
        guard position < bytes.count, Int(bytes[position]) < header.typeCount else { return nil }
        indices.append(Int(bytes[position]))
        position += 1
      }
      var raw: [(Int, Bool, Int)] = []
      for _ in 0..<header.typeCount {
        guard let offset = integer(4), position + 2 <= bytes.count else { return nil }
        raw.append((Int(offset), bytes[position] != 0, Int(bytes[position + 1])))
        position += 2
      }
      guard position + header.characterCount <= bytes.count else { return nil }
      let characters = Array(bytes[position..<position + header.characterCount])
      var types: [LocalTimeType] = []
      for (offset, isDST, start) in raw {
        guard start < characters.count || (start == 0 && characters.isEmpty) else { return nil }
        let end = characters[start...].firstIndex(of: 0) ?? characters.count
        types.append(
          LocalTimeType(offsetSeconds: offset, isDaylightSaving: isDST, abbreviation: String(decoding: characters[start..<end], as: UTF8.self)))
      }
      return Zone(transitions: transitions, typeIndices: indices, types: types)
    }
  }
}
