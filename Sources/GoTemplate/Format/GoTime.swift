// Go time layouts (`2006-01-02T15:04:05.000Z07:00`): formatting and parsing of the
// reference-time tokens, in UTC (Warden has no server time zone to borrow). Used by time values'
// `.Format` in templates, `time.Time`'s printed form, and LogQL's `date`/`toDate` functions.

package enum GoTime {
  package enum Token: Equatable {
    case literal(String)
    case longMonth, month, numMonth, zeroMonth
    case longWeekday, weekday
    case day, underDay, zeroDay, yearDay, zeroYearDay
    case hour, hour12, zeroHour12, minute, zeroMinute, second, zeroSecond
    case longYear, year
    case pm(upper: Bool)
    case zone(String)  // the layout text: -0700, -07:00, Z07:00, MST...
    /// `.000` (fixed digits) or `.999` (trailing zeros dropped); the separator is `.` or `,`.
    case fraction(digits: Int, trimmed: Bool, separator: Character)
  }

  package static let monthNames = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"]
  package static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

  package static func tokens(_ layout: String) -> [Token] {
    let chars = Array(layout)
    var tokens: [Token] = []
    var literal = ""
    var index = 0
    func has(_ text: String) -> Bool {
      let needle = Array(text)
      return index + needle.count <= chars.count && Array(chars[index..<(index + needle.count)]) == needle
    }
    func emit(_ token: Token, _ length: Int) {
      if !literal.isEmpty { tokens.append(.literal(literal)) }
      literal = ""
      tokens.append(token)
      index += length
    }
    while index < chars.count {
      if has("January") { emit(.longMonth, 7) }
      else if has("Jan") { emit(.month, 3) }
      else if has("Monday") { emit(.longWeekday, 6) }
      else if has("Mon") { emit(.weekday, 3) }
      else if has("MST") { emit(.zone("MST"), 3) }
      else if has("2006") { emit(.longYear, 4) }
      else if has("002") { emit(.zeroYearDay, 3) }
      else if has("01") { emit(.zeroMonth, 2) }
      else if has("02") { emit(.zeroDay, 2) }
      else if has("03") { emit(.zeroHour12, 2) }
      else if has("04") { emit(.zeroMinute, 2) }
      else if has("05") { emit(.zeroSecond, 2) }
      else if has("06") { emit(.year, 2) }
      else if has("15") { emit(.hour, 2) }
      else if has("__2") { emit(.yearDay, 3) }
      else if has("_2") { emit(.underDay, 2) }
      else if has("1") { emit(.numMonth, 1) }
      else if has("2") { emit(.day, 1) }
      else if has("3") { emit(.hour12, 1) }
      else if has("4") { emit(.minute, 1) }
      else if has("5") { emit(.second, 1) }
      else if has("PM") { emit(.pm(upper: true), 2) }
      else if has("pm") { emit(.pm(upper: false), 2) }
      else if let zone = ["Z07:00:00", "Z070000", "Z07:00", "Z0700", "Z07", "-07:00:00", "-070000", "-07:00", "-0700", "-07"].first(where: has) {
        emit(.zone(zone), zone.count)
      } else if (chars[index] == "." || chars[index] == ","), index + 1 < chars.count, chars[index + 1] == "0" || chars[index + 1] == "9" {
        let digit = chars[index + 1]
        var end = index + 1
        while end < chars.count, chars[end] == digit { end += 1 }
        if end < chars.count, chars[end].isASCII, chars[end].isNumber {
          literal.append(chars[index])
          index += 1
        } else {
          emit(.fraction(digits: end - index - 1, trimmed: digit == "9", separator: chars[index]), end - index)
        }
      } else {
        literal.append(chars[index])
        index += 1
      }
    }
    if !literal.isEmpty { tokens.append(.literal(literal)) }
    return tokens
  }

  // MARK: Calendar arithmetic (proleptic Gregorian, UTC)

  package struct Civil {
    package var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int, nanosecond: Int
    package var weekday: Int, yearDay: Int
  }

  package static func civil(_ instant: GoInstant) -> Civil {
    let seconds = instant.seconds
    let nanos = instant.nanoseconds
    var days = seconds / 86_400
    var secondOfDay = Int(seconds % 86_400)
    if secondOfDay < 0 {
      secondOfDay += 86_400
      days -= 1
    }
    let (year, month, day) = civilFromDays(Int(days))
    let weekday = ((Int(days) % 7) + 11) % 7  // 1970-01-01 was a Thursday (4); days may be negative
    let yearDay = Int(days) - daysFromCivil(year, 1, 1) + 1
    return Civil(
      year: year, month: month, day: day, hour: secondOfDay / 3600, minute: secondOfDay / 60 % 60, second: secondOfDay % 60,
      nanosecond: nanos, weekday: weekday, yearDay: yearDay)
  }

  package static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
    let y = month <= 2 ? year - 1 : year
    let era = (y >= 0 ? y : y - 399) / 400
    let yearOfEra = y - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    return era * 146_097 + dayOfEra - 719_468
  }

  package static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
    let z = days + 719_468
    let era = (z >= 0 ? z : z - 146_096) / 146_097
    let dayOfEra = z - era * 146_097
    let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let mp = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * mp + 2) / 5 + 1
    let month = mp + (mp < 10 ? 3 : -9)
    return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
  }

  // MARK: Formatting

  package static func format(_ instant: GoInstant, layout: String) -> String {
    let time = civil(instant)
    var out = ""
    func pad(_ value: Int, _ width: Int, _ fill: Character = "0") {
      let digits = String(value)
      if digits.count < width { out += String(repeating: fill, count: width - digits.count) }
      out += digits
    }
    for token in tokens(layout) {
      switch token {
      case .literal(let text): out += text
      case .longMonth: out += monthNames[time.month - 1]
      case .month: out += monthNames[time.month - 1].prefix(3)
      case .numMonth: out += String(time.month)
      case .zeroMonth: pad(time.month, 2)
      case .longWeekday: out += dayNames[time.weekday]
      case .weekday: out += dayNames[time.weekday].prefix(3)
      case .day: out += String(time.day)
      case .underDay: pad(time.day, 2, " ")
      case .zeroDay: pad(time.day, 2)
      case .yearDay: pad(time.yearDay, 3, " ")
      case .zeroYearDay: pad(time.yearDay, 3)
      case .hour: pad(time.hour, 2)
      case .hour12: out += String(time.hour % 12 == 0 ? 12 : time.hour % 12)
      case .zeroHour12: pad(time.hour % 12 == 0 ? 12 : time.hour % 12, 2)
      case .minute: out += String(time.minute)
      case .zeroMinute: pad(time.minute, 2)
      case .second: out += String(time.second)
      case .zeroSecond: pad(time.second, 2)
      case .longYear: pad(time.year, 4)
      case .year: pad(time.year % 100, 2)
      case .pm(let upper): out += time.hour >= 12 ? (upper ? "PM" : "pm") : (upper ? "AM" : "am")
      case .zone(let layout):
        if layout == "MST" { out += "UTC" }
        else if layout.hasPrefix("Z") { out += "Z" }
        else { out += ["-07:00:00": "+00:00:00", "-070000": "+000000", "-07:00": "+00:00", "-0700": "+0000", "-07": "+00"][layout] ?? "" }
      case .fraction(let digits, let trimmed, let separator):
        var fraction = String(time.nanosecond)
        fraction = String(repeating: "0", count: 9 - fraction.count) + fraction
        var shown = String(fraction.prefix(digits))
        if trimmed {
          while shown.hasSuffix("0") { shown.removeLast() }
          if !shown.isEmpty { out.append(separator); out += shown }
        } else {
          out.append(separator)
          out += shown
        }
      }
    }
    return out
  }

  /// Go's `time.Time.String()` for a UTC instant: `2006-01-02 15:04:05.999999999 +0000 UTC`.
  package static func defaultFormat(_ instant: GoInstant) -> String {
    format(instant, layout: "2006-01-02 15:04:05.999999999 -0700 MST")
  }

  // MARK: Parsing

  /// Parses `text` by `layout`; nil when it does not fit. Zone offsets in the text are honoured.
  package static func parse(_ text: String, layout: String) -> GoInstant? {
    let chars = Array(text)
    var index = 0
    var year = 1, month = 1, day = 1, hour = 0, minute = 0, second = 0, nanos = 0
    var pm: Bool?
    var offsetSeconds = 0
    var yearDay: Int?
    func number(min: Int, max: Int) -> Int? {
      var value = 0
      var count = 0
      if index < chars.count, chars[index] == " ", min == 1, max == 2 { index += 1 }  // `_2`
      while index < chars.count, count < max, let digit = chars[index].wholeNumberValue, chars[index].isASCII {
        value = value * 10 + digit
        index += 1
        count += 1
      }
      return count >= min ? value : nil
    }
    func name(_ names: [String], length: Int?) -> Int? {
      for (position, full) in names.enumerated() {
        let candidate = length.map { String(full.prefix($0)) } ?? full
        let end = index + candidate.count
        if end <= chars.count, String(chars[index..<end]).lowercased() == candidate.lowercased() {
          index = end
          return position
        }
      }
      return nil
    }
    func fractionValue() -> Int {
      var digits = ""
      while index < chars.count, chars[index].isASCII, chars[index].isNumber {
        digits.append(chars[index])
        index += 1
      }
      let padded = (digits + String(repeating: "0", count: 9)).prefix(9)
      return Int(padded) ?? 0
    }
    for token in tokens(layout) {
      switch token {
      case .literal(let literal):
        let expected = Array(literal)
        guard index + expected.count <= chars.count, Array(chars[index..<(index + expected.count)]) == expected else { return nil }
        index += expected.count
      case .longMonth: guard let value = name(monthNames, length: nil) else { return nil }; month = value + 1
      case .month: guard let value = name(monthNames, length: 3) else { return nil }; month = value + 1
      case .numMonth, .zeroMonth: guard let value = number(min: token == .zeroMonth ? 2 : 1, max: 2) else { return nil }; month = value
      case .longWeekday: guard name(dayNames, length: nil) != nil else { return nil }
      case .weekday: guard name(dayNames, length: 3) != nil else { return nil }
      case .day, .underDay, .zeroDay: guard let value = number(min: token == .zeroDay ? 2 : 1, max: 2) else { return nil }; day = value
      case .yearDay, .zeroYearDay: guard let value = number(min: 1, max: 3) else { return nil }; yearDay = value
      case .hour: guard let value = number(min: 2, max: 2) else { return nil }; hour = value
      case .hour12, .zeroHour12: guard let value = number(min: token == .zeroHour12 ? 2 : 1, max: 2) else { return nil }; hour = value
      case .minute, .zeroMinute: guard let value = number(min: token == .zeroMinute ? 2 : 1, max: 2) else { return nil }; minute = value
      case .second, .zeroSecond:
        guard let value = number(min: token == .zeroSecond ? 2 : 1, max: 2) else { return nil }
        second = value
        // Go accepts a fraction after seconds even when the layout has none.
        if index + 1 < chars.count, chars[index] == ".", chars[index + 1].isNumber {
          index += 1
          nanos = fractionValue()
        }
      case .longYear: guard let value = number(min: 4, max: 4) else { return nil }; year = value
      case .year: guard let value = number(min: 2, max: 2) else { return nil }; year = value >= 69 ? 1900 + value : 2000 + value
      case .pm:
        guard index + 2 <= chars.count else { return nil }
        let text = String(chars[index..<(index + 2)]).uppercased()
        guard text == "AM" || text == "PM" else { return nil }
        pm = text == "PM"
        index += 2
      case .zone(let layout):
        if layout == "MST" {
          while index < chars.count, chars[index].isLetter { index += 1 }
        } else if layout.hasPrefix("Z"), index < chars.count, chars[index] == "Z" {
          index += 1
        } else {
          guard index < chars.count, chars[index] == "+" || chars[index] == "-" else { return nil }
          let sign = chars[index] == "-" ? -1 : 1
          index += 1
          guard let hours = number(min: 2, max: 2) else { return nil }
          var minutes = 0
          if layout.contains("07:00") || layout.contains("0700") {
            if index < chars.count, chars[index] == ":" { index += 1 }
            guard let value = number(min: 2, max: 2) else { return nil }
            minutes = value
          }
          offsetSeconds = sign * (hours * 3600 + minutes * 60)
        }
      case .fraction(_, _, let separator):
        if index < chars.count, chars[index] == separator {
          index += 1
          nanos = fractionValue()
        }
      }
    }
    guard index == chars.count, (1...12).contains(month), (1...31).contains(day), hour < 24 || pm != nil, minute < 60, second < 61
    else { return nil }
    if let pm {
      guard (1...12).contains(hour) else { return nil }
      hour = hour % 12 + (pm ? 12 : 0)
    }
    var days = daysFromCivil(year, month, day)
    if let yearDay { days = daysFromCivil(year, 1, 1) + yearDay - 1 }
    let seconds = Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + second) - Int64(offsetSeconds)
    return GoInstant(seconds: seconds, nanoseconds: nanos)
  }
}
