// Go's time layouts ("2006-01-02 15:04:05 MST") for the `date` template function and the RFC 3339
// times of webhook payloads. Written here from Go's documented layout rules: the notification
// templates need Go's formatting with a time zone, which no Swift formatter speaks.
import Foundation
import WardenCore

/// An instant with the zone it is shown in.
package struct ZonedInstant: Sendable, Equatable {
  package var unixNanos: Int64
  /// Seconds east of UTC.
  package var offsetSeconds: Int
  /// The zone's abbreviation ("UTC", "CET"); empty to print the numeric offset instead.
  package var abbreviation: String

  /// Go's zero time (0001-01-01 00:00:00 UTC), which has no Unix-nanosecond form: GoTemplate
  /// stands it for `Int64.min` nanoseconds (`TemplateData.zeroTime`), and so does this type.
  package static let zeroTimeNanos = Int64.min
  static let zeroTimeSeconds: Int64 = -62_135_596_800

  /// Whole Unix seconds (floored) and the nanoseconds within the second.
  var secondsAndNanos: (seconds: Int64, nanos: Int) {
    if unixNanos == Self.zeroTimeNanos { return (Self.zeroTimeSeconds, 0) }
    let seconds = unixNanos.dividedFloor(by: 1_000_000_000)
    return (seconds, Int(unixNanos - seconds * 1_000_000_000))
  }

  package init(unixNanos: Int64, offsetSeconds: Int = 0, abbreviation: String = "UTC") {
    self.unixNanos = unixNanos
    self.offsetSeconds = offsetSeconds
    self.abbreviation = abbreviation
  }

  /// The instant in the IANA zone `identifier` ("Europe/Paris", "UTC", "Local"); nil for an unknown zone.
  package static func inZone(_ identifier: String, unixNanos: Int64) -> ZonedInstant? {
    if identifier == "UTC" || identifier.isEmpty { return ZonedInstant(unixNanos: unixNanos) }
    let zone = identifier == "Local" ? TimeZone.current : TimeZone(identifier: identifier)
    guard let zone else { return nil }
    let seconds = ZonedInstant(unixNanos: unixNanos).secondsAndNanos.seconds
    let offset = zone.secondsFromGMT(for: Date(timeIntervalSince1970: Double(seconds)))
    // Foundation on Linux names most zones "GMT+1"; the TZif file has Go's names ("CET").
    let abbreviation = ZoneAbbreviations.abbreviation(zone: zone.identifier, unixSeconds: seconds, offsetSeconds: offset) ?? ""
    return ZonedInstant(unixNanos: unixNanos, offsetSeconds: offset, abbreviation: abbreviation)
  }
}

extension Int64 {
  func dividedFloor(by divisor: Int64) -> Int64 {
    let quotient = self / divisor
    return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
  }
}

package enum GoTimeLayout {
  package static let rfc3339Nano = "2006-01-02T15:04:05.999999999Z07:00"
  /// What Go's `time.Time.String` prints.
  package static let goDefault = "2006-01-02 15:04:05.999999999 -0700 MST"

  private static let longMonths = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December",
  ]
  private static let longDays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

  /// An RFC 3339 UTC time with trailing zero fractions dropped, as Go marshals a time.Time.
  package static func rfc3339(unixMs: Int64) -> String {
    RFC3339.format(milliseconds: unixMs, trimsZeroFraction: true)
  }

  // MARK: - Layout chunks

  enum Chunk: Equatable {
    case literal(String)
    case longMonth, month, numMonth, zeroMonth
    case longWeekDay, weekDay
    case day, underDay, zeroDay, underYearDay, zeroYearDay
    case hour, hour12, zeroHour12
    case minute, zeroMinute, second, zeroSecond
    case longYear, year
    case pm, lowerPM
    case zoneName
    /// Numeric offsets; `z` prints "Z" for UTC; `colons` separates; `seconds` adds seconds;
    /// `short` prints hours only.
    case offset(z: Bool, colons: Bool, seconds: Bool, short: Bool)
    /// Fractional seconds: `digits` wide; `trim` drops trailing zeros (the .999 form).
    case fraction(digits: Int, trim: Bool, separator: Character)
  }

  /// Splits a layout into literal text and Go's reference-time elements.
  static func chunks(_ layout: String) -> [Chunk] {
    let text = Array(layout)
    var chunks: [Chunk] = []
    var literal = ""
    var index = 0

    func has(_ word: String, at position: Int) -> Bool {
      let characters = Array(word)
      guard position + characters.count <= text.count else { return false }
      return Array(text[position..<position + characters.count]) == characters
    }
    func isDigit(_ position: Int) -> Bool { position < text.count && text[position].isASCII && text[position].isNumber }

    while index < text.count {
      var found: (Chunk, Int)?
      switch text[index] {
      case "J":
        if has("January", at: index) { found = (.longMonth, 7) } else if has("Jan", at: index) { found = (.month, 3) }
      case "M":
        if has("Monday", at: index) {
          found = (.longWeekDay, 6)
        } else if has("Mon", at: index) {
          found = (.weekDay, 3)
        } else if has("MST", at: index) {
          found = (.zoneName, 3)
        }
      case "0":
        if has("002", at: index) {
          found = (.zeroYearDay, 3)
        } else if index + 1 < text.count, let kind = ["1": Chunk.zeroMonth, "2": .zeroDay, "3": .zeroHour12, "4": .zeroMinute, "5": .zeroSecond, "6": .year][text[index + 1]] {
          found = (kind, 2)
        }
      case "1":
        found = has("15", at: index) ? (.hour, 2) : (.numMonth, 1)
      case "2":
        found = has("2006", at: index) ? (.longYear, 4) : (.day, 1)
      case "_":
        if has("_2", at: index) {
          if has("_2006", at: index) {
            literal.append("_")
            found = (.longYear, 5)
          } else {
            found = (.underDay, 2)
          }
        } else if has("__2", at: index) {
          found = (.underYearDay, 3)
        }
      case "3": found = (.hour12, 1)
      case "4": found = (.minute, 1)
      case "5": found = (.second, 1)
      case "P": if has("PM", at: index) { found = (.pm, 2) }
      case "p": if has("pm", at: index) { found = (.lowerPM, 2) }
      case "-", "Z":
        let z = text[index] == "Z"
        let sign = String(text[index])
        if has(sign + "070000", at: index) {
          found = (.offset(z: z, colons: false, seconds: true, short: false), 7)
        } else if has(sign + "07:00:00", at: index) {
          found = (.offset(z: z, colons: true, seconds: true, short: false), 9)
        } else if has(sign + "0700", at: index) {
          found = (.offset(z: z, colons: false, seconds: false, short: false), 5)
        } else if has(sign + "07:00", at: index) {
          found = (.offset(z: z, colons: true, seconds: false, short: false), 6)
        } else if has(sign + "07", at: index) {
          found = (.offset(z: z, colons: false, seconds: false, short: true), 3)
        }
      case ".", ",":
        if index + 1 < text.count, text[index + 1] == "0" || text[index + 1] == "9" {
          let digit = text[index + 1]
          var end = index + 1
          while end < text.count && text[end] == digit { end += 1 }
          if !isDigit(end) {
            found = (.fraction(digits: end - index - 1, trim: digit == "9", separator: text[index]), end - index)
          }
        }
      default:
        break
      }
      if let (chunk, length) = found {
        if !literal.isEmpty {
          // "_2006" has put its underscore in `literal` already.
          chunks.append(.literal(literal))
          literal = ""
        }
        chunks.append(chunk)
        index += length
      } else {
        literal.append(text[index])
        index += 1
      }
    }
    if !literal.isEmpty { chunks.append(.literal(literal)) }
    return chunks
  }

  // MARK: - Formatting

  /// `instant` written with Go's `layout`.
  package static func format(_ instant: ZonedInstant, layout: String) -> String {
    let (seconds, nanos) = instant.secondsAndNanos
    let local = seconds + Int64(instant.offsetSeconds)
    let days = local.dividedFloor(by: 86_400)
    let secondsOfDay = Int(local - days * 86_400)
    let (year, month, day) = civil(days: days)
    let weekday = Int(((days + 4) % 7 + 7) % 7)  // 1970-01-01 was a Thursday; Sunday is 0
    let yearDay = Int(days - daysFromCivil(year: year, month: 1, day: 1)) + 1
    let hour = secondsOfDay / 3600
    let minute = secondsOfDay / 60 % 60
    let second = secondsOfDay % 60

    var out = ""
    for chunk in chunks(layout) {
      switch chunk {
      case .literal(let text): out += text
      case .longMonth: out += longMonths[month - 1]
      case .month: out += String(longMonths[month - 1].prefix(3))
      case .numMonth: out += String(month)
      case .zeroMonth: out += pad(month, 2)
      case .longWeekDay: out += longDays[weekday]
      case .weekDay: out += String(longDays[weekday].prefix(3))
      case .day: out += String(day)
      case .underDay: out += pad(day, 2, with: " ")
      case .zeroDay: out += pad(day, 2)
      case .underYearDay: out += pad(yearDay, 3, with: " ")
      case .zeroYearDay: out += pad(yearDay, 3)
      case .hour: out += pad(hour, 2)
      case .hour12: out += String(hour % 12 == 0 ? 12 : hour % 12)
      case .zeroHour12: out += pad(hour % 12 == 0 ? 12 : hour % 12, 2)
      case .minute: out += String(minute)
      case .zeroMinute: out += pad(minute, 2)
      case .second: out += String(second)
      case .zeroSecond: out += pad(second, 2)
      case .longYear: out += year < 0 ? "-" + pad(-year, 4) : pad(year, 4)
      case .year: out += pad(((year % 100) + 100) % 100, 2)
      case .pm: out += hour >= 12 ? "PM" : "AM"
      case .lowerPM: out += hour >= 12 ? "pm" : "am"
      case .zoneName:
        out += instant.abbreviation.isEmpty ? numericZone(instant.offsetSeconds) : instant.abbreviation
      case .offset(let z, let colons, let seconds, let short):
        out += offset(instant.offsetSeconds, z: z, colons: colons, seconds: seconds, short: short)
      case .fraction(let digits, let trim, let separator):
        var fraction = pad(nanos, 9).prefix(digits)
        if trim {
          while fraction.last == "0" { fraction = fraction.dropLast() }
          if fraction.isEmpty { continue }
        }
        out.append(separator)
        out += fraction
      }
    }
    return out
  }

  private static func pad(_ value: Int, _ width: Int, with fill: Character = "0") -> String {
    let digits = String(value)
    return digits.count >= width ? digits : String(repeating: fill, count: width - digits.count) + digits
  }

  /// Go prints a zone without an abbreviation as "+03" or "+0530".
  private static func numericZone(_ offset: Int) -> String {
    let sign = offset < 0 ? "-" : "+"
    let minutes = abs(offset) / 60
    return sign + pad(minutes / 60, 2) + (minutes % 60 == 0 ? "" : pad(minutes % 60, 2))
  }

  private static func offset(_ offset: Int, z: Bool, colons: Bool, seconds: Bool, short: Bool) -> String {
    if z && offset == 0 { return "Z" }
    let sign = offset < 0 ? "-" : "+"
    let total = abs(offset)
    var text = sign + pad(total / 3600, 2)
    if short { return text }
    text += (colons ? ":" : "") + pad(total / 60 % 60, 2)
    if seconds { text += (colons ? ":" : "") + pad(total % 60, 2) }
    return text
  }

  // MARK: - Calendar (proleptic Gregorian, days since 1970-01-01)

  static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
    let shifted = days + 719_468
    let era = shifted.dividedFloor(by: 146_097)
    let dayOfEra = shifted - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let monthIndex = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
    let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return (Int(year), Int(month), Int(day))
  }

  static func daysFromCivil(year: Int, month: Int, day: Int) -> Int64 {
    let y = Int64(month <= 2 ? year - 1 : year)
    let era = y.dividedFloor(by: 400)
    let yearOfEra = y - era * 400
    let m = Int64(month)
    let dayOfYear = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + Int64(day) - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }
}
