// histogram_quantile() over classic buckets: linear interpolation inside the bucket holding the
// requested rank, with Prometheus's special cases and its repairs of inconsistent bucket counts.

package enum ClassicHistogramQuantile {
  /// Why the value is what it is, beyond plain interpolation (for annotations and tests).
  package enum Outcome: Sendable, Equatable {
    case interpolated
    /// φ is NaN (NaN), below 0 (-Inf) or above 1 (+Inf); the engine warns once per call.
    case quantileOutOfRange
    /// No `le="+Inf"` bucket: NaN.
    case missingInfiniteBucket
    /// Fewer than two distinct bounds: NaN.
    case tooFewBuckets
    /// The +Inf bucket counts nothing: NaN.
    case noObservations
  }

  package struct Result: Sendable, Equatable {
    package var value: Double
    package var outcome: Outcome
    /// Counts decreased with the bound and were raised: Prometheus adds the info annotation
    /// "input to histogram_quantile needed to be fixed for monotonicity".
    package var forcedMonotonicity: Bool
    /// Tiny (floating-point noise) differences were evened out; no annotation.
    package var fixedPrecision: Bool
    /// When forced: the lowest and highest upper bounds that were raised and the largest drop.
    package var lowestForcedBound: Double
    package var highestForcedBound: Double
    package var largestDrop: Double
  }

  /// `buckets` are one group's buckets in any order; they are sorted and repaired in place.
  package static func compute(_ q: Double, _ buckets: inout [ClassicBucket]) -> Result {
    func plain(_ value: Double, _ outcome: Outcome) -> Result {
      Result(
        value: value, outcome: outcome, forcedMonotonicity: false, fixedPrecision: false,
        lowestForcedBound: 0, highestForcedBound: 0, largestDrop: 0)
    }
    if q.isNaN { return plain(.nan, .quantileOutOfRange) }
    if q < 0 { return plain(-.infinity, .quantileOutOfRange) }
    if q > 1 { return plain(.infinity, .quantileOutOfRange) }
    ClassicBuckets.sort(&buckets)
    guard let highest = buckets.last, highest.upperBound == .infinity else {
      return plain(.nan, .missingInfiniteBucket)
    }
    ClassicBuckets.coalesce(&buckets)
    let repair = ClassicBuckets.makeMonotonic(&buckets)
    if buckets.count < 2 { return plain(.nan, .tooFewBuckets) }
    let observations = buckets[buckets.count - 1].cumulativeCount
    if observations == 0 { return plain(.nan, .noObservations) }

    var result = Result(
      value: .nan, outcome: .interpolated, forcedMonotonicity: repair.forcedMonotonicity,
      fixedPrecision: repair.fixedPrecision,
      lowestForcedBound: repair.forcedMonotonicity ? repair.lowestForcedBound : 0,
      highestForcedBound: repair.forcedMonotonicity ? repair.highestForcedBound : 0,
      largestDrop: repair.largestDrop)

    var rank = q * observations
    // First bucket (excluding +Inf) whose count reaches the rank; the +Inf index if none does.
    var low = 0
    var high = buckets.count - 1
    while low < high {
      let middle = (low + high) / 2
      if buckets[middle].cumulativeCount >= rank { high = middle } else { low = middle + 1 }
    }
    let index = low

    if index == buckets.count - 1 {
      // In the +Inf bucket: the best answer is the highest finite bound.
      result.value = buckets[buckets.count - 2].upperBound
      return result
    }
    if index == 0 && buckets[0].upperBound <= 0 {
      // No natural lower bound of 0 below a non-positive first bucket.
      result.value = buckets[0].upperBound
      return result
    }
    var bucketStart = 0.0
    let bucketEnd = buckets[index].upperBound
    var count = buckets[index].cumulativeCount
    if index > 0 {
      bucketStart = buckets[index - 1].upperBound
      count -= buckets[index - 1].cumulativeCount
      rank -= buckets[index - 1].cumulativeCount
    }
    result.value = bucketStart + (bucketEnd - bucketStart) * (rank / count)
    return result
  }
}
