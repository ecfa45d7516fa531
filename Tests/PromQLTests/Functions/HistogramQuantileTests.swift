// Quantile (the aggregation's and quantile_over_time's), histogram_quantile and
// histogram_fraction over classic buckets, against histograms.test's expected values.
import Testing
@testable import PromQL

@Suite struct HistogramQuantileTests {
  /// testhistogram_bucket at 50m (each count is 10 × the per-step increment in the load line).
  private let positive: [ClassicBucket] = [
    ClassicBucket(upperBound: 0.1, cumulativeCount: 50), ClassicBucket(upperBound: 0.2, cumulativeCount: 70),
    ClassicBucket(upperBound: 1, cumulativeCount: 110), ClassicBucket(upperBound: .infinity, cumulativeCount: 120),
  ]
  private let negative: [ClassicBucket] = [
    ClassicBucket(upperBound: -0.2, cumulativeCount: 10), ClassicBucket(upperBound: -0.1, cumulativeCount: 20),
    ClassicBucket(upperBound: 0.3, cumulativeCount: 20), ClassicBucket(upperBound: .infinity, cumulativeCount: 30),
  ]

  private func quantile(_ q: Double, _ buckets: [ClassicBucket]) -> ClassicHistogramQuantile.Result {
    var copy = buckets.reversed() as [ClassicBucket]  // any order in
    return ClassicHistogramQuantile.compute(q, &copy)
  }

  @Test(arguments: [(0.0, 0.0, -0.2), (1.0, 1.0, 0.3), (0.2, 0.048, -0.2), (0.5, 0.15, -0.15), (0.8, 0.72, 0.3)])
  func interpolatesInsideTheBucket(q: Double, expectedPositive: Double, expectedNegative: Double) {
    let up = quantile(q, positive)
    let down = quantile(q, negative)
    #expect(close(up.value, expectedPositive))
    #expect(close(down.value, expectedNegative))
    #expect(up.outcome == .interpolated && !up.forcedMonotonicity)
  }

  @Test func quantileOutOfRange() {
    #expect(quantile(-0.1, positive).value == -.infinity)
    #expect(quantile(1.01, positive).value == .infinity)
    #expect(quantile(.nan, positive).value.isNaN)
    #expect(quantile(-0.1, positive).outcome == .quantileOutOfRange)
  }

  @Test func missingInfBucketTooFewBucketsNoObservations() {
    let noInf = [ClassicBucket(upperBound: 1, cumulativeCount: 1), ClassicBucket(upperBound: 2, cumulativeCount: 2)]
    #expect(quantile(0.5, noInf).outcome == .missingInfiniteBucket)
    #expect(quantile(0.5, noInf).value.isNaN)
    let onlyInf = [ClassicBucket(upperBound: .infinity, cumulativeCount: 3)]
    #expect(quantile(0.5, onlyInf).outcome == .tooFewBuckets)
    let empty = [ClassicBucket(upperBound: 1, cumulativeCount: 0), ClassicBucket(upperBound: .infinity, cumulativeCount: 0)]
    #expect(quantile(0.5, empty).outcome == .noObservations)
    var none: [ClassicBucket] = []
    #expect(ClassicHistogramQuantile.compute(0.5, &none).value.isNaN)
  }

  @Test func sameBoundIsCoalesced() {
    // le="2" and le="2.0" are one bucket: counts add up.
    var buckets = [
      ClassicBucket(upperBound: 2, cumulativeCount: 1), ClassicBucket(upperBound: 2, cumulativeCount: 1),
      ClassicBucket(upperBound: 4, cumulativeCount: 4), ClassicBucket(upperBound: .infinity, cumulativeCount: 4),
    ]
    #expect(ClassicHistogramQuantile.compute(0.25, &buckets).value == 1)
    #expect(buckets.count == 3)
  }

  @Test func middleOfBuckets() {
    // testhistogram2 at 7m: one step, so counts 0 1 2 3 3.
    let buckets = [
      ClassicBucket(upperBound: 0, cumulativeCount: 0), ClassicBucket(upperBound: 2, cumulativeCount: 1),
      ClassicBucket(upperBound: 4, cumulativeCount: 2), ClassicBucket(upperBound: 6, cumulativeCount: 3),
      ClassicBucket(upperBound: .infinity, cumulativeCount: 3),
    ]
    #expect(close(quantile(1.0 / 6, buckets).value, 1))
    #expect(close(quantile(0.5, buckets).value, 3))
    #expect(close(quantile(5.0 / 6, buckets).value, 5))
  }

  @Test(arguments: [(0.01, 0.0045), (0.5, 8.5), (0.99, 979.75)])
  func nonMonotonicBucketsAreForcedAndReported(q: Double, expected: Double) {
    let buckets = [
      ClassicBucket(upperBound: 0.1, cumulativeCount: 20), ClassicBucket(upperBound: 1, cumulativeCount: 10),
      ClassicBucket(upperBound: 10, cumulativeCount: 50), ClassicBucket(upperBound: 100, cumulativeCount: 40),
      ClassicBucket(upperBound: 1000, cumulativeCount: 90), ClassicBucket(upperBound: .infinity, cumulativeCount: 80),
    ]
    let result = quantile(q, buckets)
    #expect(close(result.value, expected))
    #expect(result.forcedMonotonicity)
    #expect(result.lowestForcedBound == 1 && result.highestForcedBound == .infinity && result.largestDrop == 10)
  }

  @Test func floatingPointNoiseIsEvenedOutSilently() {
    var buckets = [
      ClassicBucket(upperBound: 1, cumulativeCount: 10), ClassicBucket(upperBound: 2, cumulativeCount: 10 - 1e-14),
      ClassicBucket(upperBound: .infinity, cumulativeCount: 10),
    ]
    let result = ClassicHistogramQuantile.compute(0.5, &buckets)
    #expect(result.fixedPrecision && !result.forcedMonotonicity)
    #expect(result.value == 0.5)
  }

  @Test func fractionOfClassicBuckets() {
    let second = [
      ClassicBucket(upperBound: 0, cumulativeCount: 0), ClassicBucket(upperBound: 2, cumulativeCount: 10),
      ClassicBucket(upperBound: 4, cumulativeCount: 20), ClassicBucket(upperBound: 6, cumulativeCount: 30),
      ClassicBucket(upperBound: .infinity, cumulativeCount: 30),
    ]
    func fraction(_ lower: Double, _ upper: Double, _ buckets: [ClassicBucket]) -> Double {
      var copy = buckets
      return ClassicHistogramFraction.compute(lower: lower, upper: upper, &copy)
    }
    #expect(close(fraction(0, 4, second), 0.6666666666666666))
    #expect(close(fraction(0, 6, second), 1))
    #expect(close(fraction(0, 3.5, second), 0.5833333333333334))
    let third = [
      ClassicBucket(upperBound: 0, cumulativeCount: 0), ClassicBucket(upperBound: 0.1, cumulativeCount: 50),
      ClassicBucket(upperBound: 0.2, cumulativeCount: 70), ClassicBucket(upperBound: 1, cumulativeCount: 110),
      ClassicBucket(upperBound: .infinity, cumulativeCount: 110),
    ]
    #expect(close(fraction(0, 0.2, third), 0.6363636363636364))
    let thirdNegative = [
      ClassicBucket(upperBound: -0.25, cumulativeCount: 0), ClassicBucket(upperBound: -0.2, cumulativeCount: 10),
      ClassicBucket(upperBound: -0.1, cumulativeCount: 20), ClassicBucket(upperBound: 0.3, cumulativeCount: 20),
      ClassicBucket(upperBound: .infinity, cumulativeCount: 20),
    ]
    #expect(fraction(0, 0.2, thirdNegative) == 0)
    #expect(fraction(.nan, 1, third).isNaN)
    #expect(fraction(1, 0, third) == 0)
    #expect(fraction(-.infinity, .infinity, third) == 1)
    #expect(fraction(0, 1, [ClassicBucket(upperBound: 1, cumulativeCount: 1)]).isNaN)
  }

  @Test func quantileOfValues() {
    var values: [Double] = [4, 1, 0]
    #expect(Quantile.of(0.75, &values) == 2.5)
    #expect(values == [0, 1, 4])
    var empty: [Double] = []
    #expect(Quantile.of(0.5, &empty).isNaN)
    var withNaN: [Double] = [3, .nan, 1]
    // NaN sorts first, so the median is the smallest number and the maximum the largest.
    #expect(Quantile.of(0.5, &withNaN) == 1)
    #expect(Quantile.of(1, &withNaN) == 3)
    #expect(Quantile.of(0, &withNaN).isNaN)
    #expect(Quantile.invalidWarning(.nan) == "quantile value should be between 0 and 1, got NaN")
    #expect(Quantile.invalidWarning(1.5) == "quantile value should be between 0 and 1, got 1.5")
    #expect(Quantile.isInvalid(-0.1) && !Quantile.isInvalid(1))
  }
}
