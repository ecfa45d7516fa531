// The per-group aggregation kernels against aggregators.test's expected values (inputs in the
// order the engine feeds them: series sorted by labels) and the NaN rules of min/max and topk.
import Testing
@testable import PromQL

@Suite struct AggregationAccumulatorTests {
  private func aggregate(_ kind: AggregationAccumulator.Kind, _ values: [Double]) -> Double {
    var accumulator = AggregationAccumulator(kind: kind, first: values[0])
    for value in values.dropFirst() { accumulator.add(value) }
    return accumulator.result
  }

  /// http_requests at 50m in aggregators.test: 0+10x10 … 0+80x10 → 100…800.
  private let requests: [Double] = [300, 700, 100, 500, 400, 800, 200, 600]

  @Test func stddevAndStdvar() {
    #expect(close(aggregate(.stddev, requests), 229.12878474779))
    #expect(close(aggregate(.stdvar, requests), 52500))
    #expect(close(aggregate(.stddev, [100, 300, 500, 700]), 223.60679774998))
    #expect(aggregate(.stddev, [13.3, 13.3, 13.3]) == 0)
    #expect(aggregate(.stdvar, [13.3, 13.3, 13.3]) == 0)
    #expect(aggregate(.stdvar, [5]) == 0)
    #expect(aggregate(.stdvar, [.infinity]).isNaN)
    #expect(aggregate(.stdvar, [1, .infinity]).isNaN)
  }

  private static let sums: [([Double], Double, Double)] = [
    ([2, 8, 1e100, -1e100], 10.0, 2.5), ([Double.infinity, 2], Double.infinity, Double.infinity),
    ([2, -Double.infinity], -Double.infinity, -Double.infinity), ([Double.infinity, -Double.infinity], Double.nan, Double.nan),
    ([Double.nan, 2], Double.nan, Double.nan), ([2, Double.nan], Double.nan, Double.nan),
  ]

  @Test(arguments: sums)
  func sumAndAverage(values: [Double], sum: Double, average: Double) {
    #expect(close(aggregate(.sum, values), sum))
    #expect(close(aggregate(.avg, values), average))
  }

  @Test func averageFallsBackToARunningMeanOnOverflow() {
    let big = 9.988465674311579e+307
    #expect(aggregate(.avg, [big, big, big, big]) == big)
    #expect(aggregate(.avg, [-big, -big, -big, -big]) == -big)
    #expect(aggregate(.avg, [-big, -big, big, big]) == 0)
    #expect(aggregate(.avg, Array(repeating: 52, count: 101)) == 52)
    #expect(aggregate(.avg, [10]) == 10)
  }

  @Test func minAndMaxIgnoreNaNUnlessAllNaN() {
    #expect(aggregate(.min, [.nan, 3, 1]) == 1)
    #expect(aggregate(.max, [3, .nan, 1]) == 3)
    #expect(aggregate(.max, [.nan, .nan]).isNaN)
    #expect(aggregate(.min, [-.infinity, 0]) == -.infinity)
  }

  @Test func countAndGroup() {
    #expect(aggregate(.count, [1, .nan, 3]) == 3)
    #expect(aggregate(.group, [7, 8]) == 1)
    #expect(AggregationAccumulator.Kind(.topk) == nil)
    #expect(AggregationAccumulator.Kind(.stddev) == .stddev)
  }

  @Test func sortOrdersPutNaNLast() {
    let values: [Double] = [3, .nan, 1, 2]
    let ascending = values.sorted(by: SampleOrdering.ascendingNaNLast)
    let descending = values.sorted(by: SampleOrdering.descendingNaNLast)
    #expect(Array(ascending.prefix(3)) == [1, 2, 3] && ascending[3].isNaN)
    #expect(Array(descending.prefix(3)) == [3, 2, 1] && descending[3].isNaN)
  }

  @Test func topAndBottomReplaceNaNFirst() {
    #expect(SampleOrdering.topkReplaces(1, weakest: .nan))
    #expect(!SampleOrdering.topkReplaces(.nan, weakest: 1))
    #expect(SampleOrdering.topkReplaces(2, weakest: 1))
    #expect(SampleOrdering.bottomkReplaces(1, weakest: .nan))
    #expect(SampleOrdering.bottomkReplaces(1, weakest: 2))
    #expect(!SampleOrdering.bottomkReplaces(.nan, weakest: 2))
  }
}
