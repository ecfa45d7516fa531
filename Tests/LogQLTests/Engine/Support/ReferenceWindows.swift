// A deliberately naive reference for range aggregations: for every step, scan every record and
// keep those in `(t - offset - range, t - offset]`. Quadratic, obviously right, and independent
// of the engine's difference arrays, cursors and PromQL kernels.
import WardenCore

struct ReferenceRecord {
  var labels: Labels
  var seconds: Double
  var line: String
  var value: Double?
}

enum Reference {
  /// labels → step second → value, for steps where `aggregate` gives a value.
  static func windows(
    _ records: [ReferenceRecord], steps: [Double], range: Double, offset: Double = 0, group: (Labels) -> Labels = { $0 },
    _ aggregate: ([ReferenceRecord]) -> Double?
  ) -> [Labels: [Double: Double]] {
    var output: [Labels: [Double: Double]] = [:]
    let groups = Dictionary(grouping: records) { group($0.labels) }
    for (labels, members) in groups {
      for step in steps {
        let end = step - offset
        let window = members.filter { $0.seconds > end - range && $0.seconds <= end }.sorted { $0.seconds < $1.seconds }
        if window.isEmpty { continue }
        if let value = aggregate(window) { output[labels, default: [:]][step] = value }
      }
    }
    return output
  }

  static func sum(_ values: [Double]) -> Double { values.reduce(0, +) }
  static func mean(_ values: [Double]) -> Double { sum(values) / Double(values.count) }

  static func variance(_ values: [Double]) -> Double {
    let average = mean(values)
    return sum(values.map { ($0 - average) * ($0 - average) }) / Double(values.count)
  }

  static func quantile(_ q: Double, _ values: [Double]) -> Double {
    let sorted = values.sorted()
    let rank = q * Double(sorted.count - 1)
    let low = Int(rank.rounded(.down))
    let high = min(low + 1, sorted.count - 1)
    let weight = rank - Double(low)
    return sorted[low] * (1 - weight) + sorted[high] * weight
  }

  /// Whether two result maps agree to a relative 1e-9.
  static func close(_ lhs: [Labels: [Double: Double]], _ rhs: [Labels: [Double: Double]]) -> Bool {
    guard Set(lhs.keys) == Set(rhs.keys) else { return false }
    for (labels, points) in lhs {
      guard let other = rhs[labels], Set(points.keys) == Set(other.keys) else { return false }
      for (time, value) in points {
        let expected = other[time]!
        if Swift.abs(value - expected) > 1e-9 * Swift.max(1, Swift.abs(expected)) { return false }
      }
    }
    return true
  }
}
