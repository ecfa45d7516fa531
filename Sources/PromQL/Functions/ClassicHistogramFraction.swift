// histogram_fraction() over classic buckets: the share of observations between two values,
// interpolating linearly inside the buckets the values fall in (Prometheus 3 accepts classic
// buckets here as well as native histograms).

package enum ClassicHistogramFraction {
  /// NaN without a +Inf bucket, without observations, or with a NaN bound; 0 when lower ≥ upper.
  /// `buckets` are one group's buckets in any order; they are sorted and coalesced in place.
  package static func compute(lower: Double, upper: Double, _ buckets: inout [ClassicBucket]) -> Double {
    ClassicBuckets.sort(&buckets)
    guard let highest = buckets.last, highest.upperBound == .infinity else { return .nan }
    ClassicBuckets.coalesce(&buckets)
    let total = buckets[buckets.count - 1].cumulativeCount
    if total == 0 || lower.isNaN || upper.isNaN { return .nan }
    if lower >= upper { return 0 }

    var rank = 0.0
    var lowerRank = 0.0
    var upperRank = 0.0
    var lowerSet = false
    var upperSet = false
    // Positive buckets start at 0; a first bucket at or below 0 reaches down to -Inf.
    var bucketLower = buckets[0].upperBound <= 0 ? -Double.infinity : 0

    for (index, bucket) in buckets.enumerated() {
      if index > 0 { bucketLower = buckets[index - 1].upperBound }
      let bucketUpper = bucket.upperBound
      func rankAt(_ value: Double) -> Double {
        // Nothing to interpolate against below an unbounded bucket: take all of it.
        if bucketLower == -.infinity { return bucket.cumulativeCount }
        return rank + (bucket.cumulativeCount - rank) * (value - bucketLower) / (bucketUpper - bucketLower)
      }
      if !lowerSet && bucketLower >= lower {
        lowerRank = rank
        lowerSet = true
      }
      if !upperSet && bucketLower >= upper {
        upperRank = rank
        upperSet = true
      }
      if lowerSet && upperSet { break }
      if !lowerSet && bucketLower < lower && bucketUpper > lower {
        lowerRank = rankAt(lower)
        lowerSet = true
      }
      if !upperSet && bucketLower < upper && bucketUpper > upper {
        upperRank = rankAt(upper)
        upperSet = true
      }
      if lowerSet && upperSet { break }
      rank = bucket.cumulativeCount
    }
    if !lowerSet || lowerRank > total { lowerRank = total }
    if !upperSet || upperRank > total { upperRank = total }
    return (upperRank - lowerRank) / total
  }
}
