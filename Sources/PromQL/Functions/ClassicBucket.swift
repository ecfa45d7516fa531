// One bucket of a classic histogram (a `_bucket` series with an `le` label) at one step, and the
// normalisation Prometheus applies before reading quantiles or fractions from a bucket set.

package struct ClassicBucket: Sendable, Equatable {
  /// The `le` label as a number.
  package var upperBound: Double
  /// Observations ≤ upperBound (cumulative).
  package var cumulativeCount: Double

  package init(upperBound: Double, cumulativeCount: Double) {
    self.upperBound = upperBound
    self.cumulativeCount = cumulativeCount
  }
}

enum ClassicBuckets {
  /// Relative differences up to this are floating-point noise (e.g. from rate() over buckets) and
  /// are evened out without an annotation.
  static let smallDeltaTolerance = 1e-12

  /// Sorts by upper bound (NaN bounds are not expected: the engine drops unparsable `le`).
  static func sort(_ buckets: inout [ClassicBucket]) {
    buckets.sort { $0.upperBound < $1.upperBound }
  }

  /// Merges buckets with the same upper bound (e.g. `le="1"` and `le="1.0"`) by adding counts.
  /// Input must be sorted.
  static func coalesce(_ buckets: inout [ClassicBucket]) {
    guard var last = buckets.first else { return }
    var kept = 0
    for bucket in buckets.dropFirst() {
      if bucket.upperBound == last.upperBound {
        last.cumulativeCount += bucket.cumulativeCount
      } else {
        buckets[kept] = last
        kept += 1
        last = bucket
      }
    }
    buckets[kept] = last
    buckets.removeLast(buckets.count - kept - 1)
  }

  struct Repair: Equatable {
    var forcedMonotonicity = false
    var fixedPrecision = false
    var lowestForcedBound = Double.infinity
    var highestForcedBound = -Double.infinity
    var largestDrop = 0.0
  }

  /// Makes counts non-decreasing: differences within the tolerance are evened out silently (in
  /// either direction), real drops are raised to the last accepted count and reported.
  static func makeMonotonic(_ buckets: inout [ClassicBucket], tolerance: Double = smallDeltaTolerance) -> Repair {
    var repair = Repair()
    guard var accepted = buckets.first?.cumulativeCount else { return repair }
    for index in buckets.indices.dropFirst() {
      let current = buckets[index].cumulativeCount
      if current == accepted { continue }
      if FloatComparison.almostEqual(accepted, current, epsilon: tolerance) {
        buckets[index].cumulativeCount = accepted
        repair.fixedPrecision = true
        continue
      }
      if current < accepted {
        buckets[index].cumulativeCount = accepted
        repair.forcedMonotonicity = true
        repair.lowestForcedBound = Swift.min(repair.lowestForcedBound, buckets[index].upperBound)
        repair.highestForcedBound = Swift.max(repair.highestForcedBound, buckets[index].upperBound)
        repair.largestDrop = Swift.max(repair.largestDrop, accepted - current)
        continue
      }
      accepted = current
    }
    return repair
  }
}

enum FloatComparison {
  /// Relative equality as Prometheus's `almost.Equal`: both NaN count as equal, and near zero the
  /// difference is compared against the smallest normal number instead.
  static func almostEqual(_ a: Double, _ b: Double, epsilon: Double) -> Bool {
    if a.isNaN && b.isNaN { return true }
    if a == b { return true }
    let absoluteSum = Swift.abs(a) + Swift.abs(b)
    let difference = Swift.abs(a - b)
    let minNormal = Double.leastNormalMagnitude
    if a == 0 || b == 0 || absoluteSum < minNormal {
      return difference < epsilon * minNormal
    }
    return difference / Swift.min(absoluteSum, Double.greatestFiniteMagnitude) < epsilon
  }
}
