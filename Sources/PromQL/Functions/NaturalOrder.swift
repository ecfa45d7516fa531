// The "natural" string order sort_by_label() uses (Prometheus calls facette/natsort): strings are
// split into runs of ASCII digits and runs of other characters, digit runs compare as integers
// ("cpu2" < "cpu10") and other runs byte-wise.
package import WardenCore

package enum NaturalOrder {
  /// Whether `lhs` comes before `rhs`. Quirks kept from the original: when one string's runs are
  /// a prefix of the other's, the one that runs out first comes first, and equal numbers written
  /// differently ("01", "1") compare as equal runs. With an empty string it answers false (the
  /// original crashes comparing a non-empty string with an empty one); `compare` puts "" first.
  package static func precedes(_ lhs: String, _ rhs: String) -> Bool {
    let left = runs(lhs)
    let right = runs(rhs)
    if left.isEmpty { return false }
    if right.isEmpty { return false }
    for index in left.indices {
      let a = left[index]
      let b = right[index]
      let isLastLeft = index == left.count - 1
      let isLastRight = index == right.count - 1
      if let aNumber = integer(a), let bNumber = integer(b) {
        if aNumber == bNumber {
          if isLastLeft { return true }
          if isLastRight { return false }
          continue
        }
        return aNumber < bNumber
      }
      if a.elementsEqual(b) {
        if isLastLeft { return true }
        if isLastRight { return false }
        continue
      }
      return a.lexicographicallyPrecedes(b)
    }
    return false
  }

  /// A three-way comparison for sorting: equal strings are 0, otherwise `precedes` decides.
  package static func compare(_ lhs: String, _ rhs: String) -> Int {
    if lhs == rhs { return 0 }
    if lhs.isEmpty { return -1 }
    if rhs.isEmpty { return 1 }
    return precedes(lhs, rhs) ? -1 : 1
  }

  /// sort_by_label's order: the named labels' values in natural order, in turn, then the whole
  /// label sets so the order is total. Negate for sort_by_label_desc.
  package static func compare(_ lhs: Labels, _ rhs: Labels, by names: [String]) -> Int {
    for name in names {
      let order = compare(lhs[name], rhs[name])
      if order != 0 { return order }
    }
    if lhs == rhs { return 0 }
    return lhs < rhs ? -1 : 1
  }

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

  /// Maximal runs of ASCII digits and of non-digits, as UTF-8 bytes.
  private static func runs(_ text: String) -> [ArraySlice<UInt8>] {
    let bytes = Array(text.utf8)
    var result: [ArraySlice<UInt8>] = []
    var start = 0
    while start < bytes.count {
      let digits = isDigit(bytes[start])
      var end = start + 1
      while end < bytes.count && isDigit(bytes[end]) == digits { end += 1 }
      result.append(bytes[start..<end])
      start = end
    }
    return result
  }

  /// A digit run's value; nil when it is not digits or does not fit Int64 (then compared as text).
  private static func integer(_ run: ArraySlice<UInt8>) -> Int64? {
    var value: Int64 = 0
    for byte in run {
      guard isDigit(byte) else { return nil }
      let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - 0x30))
      if overflow1 || overflow2 { return nil }
      value = sum
    }
    return value
  }
}
