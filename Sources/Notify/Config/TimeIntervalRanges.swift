// The field values of a time interval spec, each decoded from its own YAML node so an error
// names its line: `start_time`/`end_time` pairs, weekday and month names or ranges
// (`monday:friday`, `1:3`), days of month (negative from the end), years, and the time zone.
import Foundation

/// `{start_time: "09:00", end_time: "17:00"}`: minutes of the day, end exclusive.
struct TimeOfDayRange: Decodable {
  let minutes: Range<Int>

  enum CodingKeys: String, CodingKey {
    case startTime = "start_time"
    case endTime = "end_time"
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let start = try Self.minuteOfDay(container.decode(String.self, forKey: .startTime), path: decoder.codingPath)
    let end = try Self.minuteOfDay(container.decode(String.self, forKey: .endTime), path: decoder.codingPath)
    guard start < end else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "start_time must be before end_time"))
    }
    minutes = start..<end
  }

  /// `HH:MM` from 00:00 to 23:59, or `24:00` (the end of the day).
  static func minuteOfDay(_ text: String, path: [any CodingKey]) throws -> Int {
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    if parts.count == 2, parts[0].count == 2, parts[1].count == 2, let hour = Int(parts[0]), let minute = Int(parts[1]),
      parts[0].allSatisfy(\.isASCII), parts[1].allSatisfy(\.isASCII),
      (0...23).contains(hour) && (0...59).contains(minute) || (hour == 24 && minute == 0)
    {
      return hour * 60 + minute
    }
    throw DecodingError.dataCorrupted(
      .init(codingPath: path, debugDescription: "expected a time of day as HH:MM (00:00 to 24:00), got \"\(text)\""))
  }
}

/// The names a `NamedRange` accepts.
protocol RangeNames {
  static var what: String { get }
  static var names: [String: Int] { get }
  static var bounds: ClosedRange<Int> { get }
  static var acceptsNumbers: Bool { get }
}

enum WeekdayNames: RangeNames {
  static let what = "weekday"
  static let names = [
    "sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6,
  ]
  static let bounds = 0...6
  static let acceptsNumbers = false
}

enum MonthNames: RangeNames {
  static let what = "month"
  static let names = [
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
  ]
  static let bounds = 1...12
  static let acceptsNumbers = true
}

/// `monday`, `monday:friday`, `may:august`, `1:3`: inclusive on both ends, names case-insensitive.
struct NamedRange<Names: RangeNames>: Decodable {
  let range: ClosedRange<Int>

  init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    func fail(_ message: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }
    func value(_ part: Substring) throws -> Int {
      let key = part.trimmingCharacters(in: .whitespaces).lowercased()
      if let named = Names.names[key] { return named }
      if Names.acceptsNumbers, let number = Int(key), Names.bounds.contains(number) { return number }
      let valid = Names.acceptsNumbers ? "a name or \(Names.bounds.lowerBound) to \(Names.bounds.upperBound)" : "a name"
      throw fail("unknown \(Names.what) \"\(part)\" (expected \(valid))")
    }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { throw fail("expected a \(Names.what) or a range like a:b, got \"\(text)\"") }
    let begin = try value(parts[0])
    let end = try parts.count == 2 ? value(parts[1]) : begin
    guard begin <= end else { throw fail("start \(Names.what) cannot be after end \(Names.what) in \"\(text)\"") }
    range = begin...end
  }
}

/// `1`, `1:5`, `-3:-1`: days of the month from 1 to 31, or from -31 to -1 counting back from its end.
struct DayOfMonthRange: Decodable {
  let range: ClosedRange<Int>

  init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    func fail(_ message: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }
    func day(_ part: Substring) throws -> Int {
      guard let value = Int(part.trimmingCharacters(in: .whitespaces)), value != 0, (-31...31).contains(value) else {
        throw fail("invalid day of month \"\(part)\" (expected 1 to 31 or -31 to -1)")
      }
      return value
    }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { throw fail("expected a day or a range like 1:5, got \"\(text)\"") }
    let begin = try day(parts[0])
    let end = try parts.count == 2 ? day(parts[1]) : begin
    // Compare in a 31-day month; shorter months are clamped when matching.
    let beginInLongMonth = begin < 0 ? 32 + begin : begin
    let endInLongMonth = end < 0 ? 32 + end : end
    guard beginInLongMonth <= endInLongMonth else { throw fail("start day cannot be after end day in \"\(text)\"") }
    range = begin...end
  }
}

/// `2024` or `2020:2022`.
struct YearRange: Decodable {
  let range: ClosedRange<Int>

  init(from decoder: any Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    func fail(_ message: String) -> DecodingError {
      .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }
    func year(_ part: Substring) throws -> Int {
      guard let value = Int(part.trimmingCharacters(in: .whitespaces)), (1...9999).contains(value) else {
        throw fail("invalid year \"\(part)\"")
      }
      return value
    }
    let parts = text.split(separator: ":", omittingEmptySubsequences: false)
    guard parts.count == 1 || parts.count == 2 else { throw fail("expected a year or a range like 2020:2022, got \"\(text)\"") }
    let begin = try year(parts[0])
    let end = try parts.count == 2 ? year(parts[1]) : begin
    guard begin <= end else { throw fail("start year cannot be after end year in \"\(text)\"") }
    range = begin...end
  }
}

/// An IANA time zone name (`Europe/Berlin`), `UTC`, or `Local` (this machine's zone).
struct IntervalLocation: Decodable {
  let zone: TimeZone

  init(from decoder: any Decoder) throws {
    let name = try decoder.singleValueContainer().decode(String.self)
    if name == "Local" {
      zone = TimeZone.current
    } else if name == "UTC" || name.isEmpty {
      zone = TimeZone(identifier: "UTC")!
    } else if let found = TimeZone(identifier: name) {
      zone = found
    } else {
      throw DecodingError.dataCorrupted(
        .init(codingPath: decoder.codingPath, debugDescription: "unknown time zone \"\(name)\" (expected an IANA name like Europe/Berlin, UTC or Local)"))
    }
  }
}
