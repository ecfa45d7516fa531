// rate/increase/delta/irate/idelta against the expected values in functions.test (inputs are its
// load lines, copied literally) and hand-worked edge cases.
import Testing
@testable import PromQL

@Suite struct RateFunctionTests {
  private func evaluate(
    _ function: RangeFunction, _ notation: String, stepMs: Int64, atMs: Int64, rangeMs: Int64, offsetMs: Int64 = 0
  ) -> Double? {
    let window = SeriesFixture.window(notation, stepMs: stepMs, atMs: atMs, rangeMs: rangeMs, offsetMs: offsetMs)
    return outcome(function, window)
  }

  @Test(arguments: [
    ("0+10x10", 100.0, 100.0),
    ("0+18x5 0+18x5", 160.0, 162.0),
    ("10+10x10", 100.0, 105.0),
    ("1+10x10", 100.0, 101.0),
  ])
  func increaseExtrapolatesAndStopsAtZero(notation: String, over50m: Double, over100m: Double) {
    #expect(close(evaluate(.increase, notation, stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), over50m))
    #expect(close(evaluate(.increase, notation, stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(100)), over100m))
  }

  @Test func increaseCountsADropAsAReset() {
    #expect(close(evaluate(.increase, "0 1 2 3 2 3 4", stepMs: minutes(5), atMs: minutes(30), rangeMs: minutes(30)), 7))
  }

  @Test func rateHandlesResetsAndDividesByTheRange() {
    #expect(close(evaluate(.rate, "0+27x4 0+27x5", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), 0.08))
    #expect(close(evaluate(.rate, "0+80x10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), 0.26666666666666666))
    #expect(
      close(evaluate(.rate, "0+10x10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(10), offsetMs: minutes(5)), 0.03333333333333333))
    #expect(
      close(evaluate(.rate, "0+20x10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(10), offsetMs: minutes(5)), 0.06666666666666667))
  }

  @Test func rateNeedsTwoSamples() {
    // One sample in [5m]: no output. In [6m] the reset is the only change: 0.
    #expect(evaluate(.rate, "0+10x9 0 10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(5)) == nil)
    #expect(close(evaluate(.rate, "0+10x9 0 10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(6)), 0))
  }

  @Test(arguments: [
    ("0+240x10", 0.5), ("60+240x10", 0.55), ("120+240x10", 0.6), ("180+240x10", 0.6), ("240+240x10", 0.6),
    ("300+240x10", 0.6),
  ])
  func rateZeroCutoff(notation: String, expected: Double) {
    #expect(close(evaluate(.rate, notation, stepMs: minutes(4), atMs: minutes(10), rangeMs: minutes(20)), expected))
    #expect(close(evaluate(.rate, notation, stepMs: minutes(4), atMs: minutes(50), rangeMs: minutes(20)), 0.6))
  }

  @Test func deltaIsNotResetAware() {
    #expect(close(evaluate(.delta, "0 50 100 150 200", stepMs: minutes(5), atMs: minutes(20), rangeMs: minutes(20)), 200))
    #expect(close(evaluate(.delta, "200 150 100 50 0", stepMs: minutes(5), atMs: minutes(20), rangeMs: minutes(20)), -200))
  }

  @Test func irateUsesTheLastTwoSamples() {
    #expect(close(evaluate(.irate, "0+10x10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), 0.03333333333333333))
    #expect(close(evaluate(.irate, "0+10x5 0+10x5", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), 0.03333333333333333))
    // At 30m the last two samples are 50 then 0: a reset, so the rate is 0 / 300s.
    #expect(close(evaluate(.irate, "0+10x5 0+10x5", stepMs: minutes(5), atMs: minutes(30), rangeMs: minutes(50)), 0))
  }

  @Test func irateAndIdeltaWithNaN() {
    // functions.test: irate → _ NaN NaN NaN 0.02 and idelta → _ NaN NaN NaN 6 at 0, 5m, …, 20m.
    let notation = "1 NaN NaN 5 11"
    let rangeMs = minutes(15) + 1000
    #expect(evaluate(.irate, notation, stepMs: minutes(5), atMs: 0, rangeMs: rangeMs) == nil)
    #expect(evaluate(.idelta, notation, stepMs: minutes(5), atMs: 0, rangeMs: rangeMs) == nil)
    for step: Int64 in 1...3 {
      #expect(evaluate(.irate, notation, stepMs: minutes(5), atMs: minutes(5 * step), rangeMs: rangeMs)?.isNaN == true)
      #expect(evaluate(.idelta, notation, stepMs: minutes(5), atMs: minutes(5 * step), rangeMs: rangeMs)?.isNaN == true)
    }
    #expect(close(evaluate(.irate, notation, stepMs: minutes(5), atMs: minutes(20), rangeMs: rangeMs), 0.02))
    #expect(close(evaluate(.idelta, notation, stepMs: minutes(5), atMs: minutes(20), rangeMs: rangeMs), 6))
  }

  @Test func ideltaKeepsTheSign() {
    #expect(close(evaluate(.idelta, "0 50 100 150", stepMs: minutes(5), atMs: minutes(20), rangeMs: minutes(20)), 50))
    #expect(close(evaluate(.idelta, "0 50 100 50", stepMs: minutes(5), atMs: minutes(20), rangeMs: minutes(20)), -50))
  }

  @Test func singleSampleGivesNoRate() {
    let window = SeriesFixture.window(timestampsMs: [1000], values: [5], startMs: 0, endMs: 60_000)
    for function in [RangeFunction.rate, .increase, .delta, .irate, .idelta, .deriv, .predictLinear] {
      #expect(outcome(function, window, RangeFunctionArguments(scalar0: 60)) == nil)
    }
  }

  @Test func hugeCounterValuesStayFinite() {
    let window = SeriesFixture.window(timestampsMs: [0, 60_000], values: [1e300, 2e300], startMs: 0, endMs: 60_000)
    #expect(close(outcome(.increase, window), 1e300))
  }
}
