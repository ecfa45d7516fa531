// Downsampled data: per series and fixed window (5 minutes, 1 hour), the min, max, sum, count and
// last value of the raw samples in it. Long-range queries with a coarse step read these instead
// of every raw sample (what Thanos offers beside Prometheus; Prometheus itself keeps only raw).
package import WardenCore

/// A downsampling resolution.
package enum DownsampleResolution: Int64, Sendable, CaseIterable, CustomStringConvertible {
  case fiveMinutes = 300_000
  case oneHour = 3_600_000

  /// The directory name of its blocks (`5m`, `1h`).
  package var description: String { self == .fiveMinutes ? "5m" : "1h" }
}

/// Aggregates of one series: one row per window that held samples, ascending.
package struct AggregatedSeries: Sendable, Equatable {
  package var labels: Labels
  /// Each window's start (multiples of the resolution since the epoch).
  package var windowStartsMs: [Int64] = []
  package var min: [Double] = []
  package var max: [Double] = []
  package var sum: [Double] = []
  package var count: [Double] = []
  package var last: [Double] = []

  package init(labels: Labels) {
    self.labels = labels
  }

  /// The aggregate names, as stored in the `__aggregate__` label of downsampled blocks.
  static let names = ["min", "max", "sum", "count", "last"]
  static let label = "__aggregate__"

  /// Folds raw samples (ascending) into windows. Staleness markers end a series, they are not
  /// values: they are left out of every aggregate.
  static func fold(_ samples: SeriesSamples, resolution: DownsampleResolution) -> AggregatedSeries {
    var result = AggregatedSeries(labels: samples.labels)
    let width = resolution.rawValue
    for (timestamp, value) in zip(samples.timestampsMs, samples.values) where !value.isStaleMarker {
      let quotient = timestamp / width
      let start = (timestamp % width < 0 ? quotient - 1 : quotient) &* width
      if result.windowStartsMs.last == start {
        let index = result.windowStartsMs.count - 1
        result.min[index] = Swift.min(result.min[index], value)
        result.max[index] = Swift.max(result.max[index], value)
        result.sum[index] += value
        result.count[index] += 1
        result.last[index] = value
      } else {
        result.windowStartsMs.append(start)
        result.min.append(value)
        result.max.append(value)
        result.sum.append(value)
        result.count.append(1)
        result.last.append(value)
      }
    }
    return result
  }

  /// The column of an aggregate by name.
  func column(_ name: String) -> [Double] {
    switch name {
    case "min": return min
    case "max": return max
    case "sum": return sum
    case "count": return count
    default: return last
    }
  }

  mutating func setColumn(_ name: String, _ values: [Double]) {
    switch name {
    case "min": min = values
    case "max": max = values
    case "sum": sum = values
    case "count": count = values
    default: last = values
    }
  }

  /// Appends another series' windows that all come after this one's.
  mutating func append(_ other: AggregatedSeries) {
    windowStartsMs += other.windowStartsMs
    min += other.min
    max += other.max
    sum += other.sum
    count += other.count
    last += other.last
  }
}
