// The *_over_time functions, deriv/predict_linear, changes/resets and
// double_exponential_smoothing against functions.test's expected values and edge cases.
import Testing
@testable import PromQL

@Suite struct OverTimeFunctionTests {
  private func evaluate(
    _ function: RangeFunction, _ notation: String, stepMs: Int64, atMs: Int64, rangeMs: Int64,
    _ arguments: RangeFunctionArguments = .none
  ) -> Double? {
    outcome(function, SeriesFixture.window(notation, stepMs: stepMs, atMs: atMs, rangeMs: rangeMs), arguments)
  }

  private func average(_ notation: String, stepMs: Int64 = seconds(10), atMs: Int64 = seconds(55), rangeMs: Int64 = minutes(1)) -> Double? {
    evaluate(.avgOverTime, notation, stepMs: stepMs, atMs: atMs, rangeMs: rangeMs)
  }

  @Test(arguments: [
    ("1 2 3 4 5", 3.0), ("1 2 3 4 Inf", .infinity), ("1 2 3 4 -Inf", -.infinity), ("1 2 3 Inf -Inf", .nan),
    ("Inf 0 Inf", .infinity), ("Inf Inf Inf -Inf", .nan), ("1 2 3 -Inf -Inf", -.infinity), ("-Inf 0 -Inf", -.infinity),
    ("-Inf -Inf -Inf Inf", .nan), ("1 2 -Inf -Inf Inf", .nan),
    ("9.988465674311579e+307 9.988465674311579e+307", 9.988465674311579e+307),
    ("-9.988465674311579e+307 -9.988465674311579e+307 -9.988465674311579e+307", -9.988465674311579e+307),
    ("-9.988465674311579e+307 9.988465674311579e+307", 0), ("1 2 3 NaN NaN", .nan),
  ])
  func averageOverTime(notation: String, expected: Double) {
    #expect(close(average(notation), expected))
  }

  @Test func averageOfOneSampleAndEmptyWindow() {
    #expect(average("1 2 3 4 5", rangeMs: seconds(10)) == nil)
    #expect(average("1 2 3 4 5", rangeMs: seconds(20)) == 5)
    #expect(average("1 2 3 NaN NaN", atMs: seconds(20)) == 2)
  }

  @Test func sumOverTimeOverflowsWhereAverageDoesNot() {
    let sum = evaluate(.sumOverTime, "9.988465674311579e+307 9.988465674311579e+307", stepMs: seconds(10), atMs: seconds(55), rangeMs: minutes(1))
    #expect(sum == .infinity)
    #expect(close(evaluate(.sumOverTime, "1 1e100 1 -1e100", stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), 2))
    #expect(close(evaluate(.avgOverTime, "1 1e100 1 -1e100", stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), 0.5))
  }

  @Test(arguments: [
    ("1e10 1e-6 1e-6 1e-6 1e-6 1e-6", 1.6666666666666675e+09),
    ("5.30921651659898 0.961118537914768 1.62091361305318 0.865089463758091 0.323055185914577 0.951811357687154", 1.67186744582113),
    ("1.78264e50 0.76342771 1.9592258 7.69805412 458.90154", 3.56528E+49),
    ("0.76342771 1.9592258 7.69805412 1.78264e50 458.90154", 3.56528E+49),
    ("1.78264E+50 0.76342771 1.9592258 2.258E+220 7.69805412 458.90154", 3.76333333333333E+219),
    ("-1.78264E+50 0.76342771 1.9592258 2.258E+220 7.69805412 -458.90154", 3.76333333333333E+219),
    ("-1.78264E+50 0.76342771 1.9592258 -2.258E+220 7.69805412 -458.90154", -3.76333333333333E+219),
    ("-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 -458.90154", 3.76330362266667E+219),
    ("-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 1.78264E+215 -458.90154", 3.225714285714286e+219),
    (
      "-1.78264E+219 0.76342771 1.9592258 2.3757689E+217 -2.3757689E+217 2.258E+220 7.69805412 1.78264E+219 -458.90154",
      2.5088888888888888e+219
    ),
    (
      "-2.258E+220 -1.78264E+219 0.76342771 1.9592258 2.3757689E+217 -2.3757689E+217 2.258E+220 7.69805412 1.78264E+219 -458.90154",
      0
    ),
  ])
  func averageOfExtremeMagnitudes(notation: String, expected: Double) {
    #expect(close(average(notation, stepMs: seconds(5)), expected))
  }

  @Test func averageOfAConstantIsExact() {
    for rangeSeconds: Int64 in [100, 110, 120, 130] {
      #expect(average("52+0x100", atMs: minutes(10), rangeMs: seconds(rangeSeconds)) == 52)
    }
  }

  @Test func varianceOverTime() {
    let notation = "0 8 8 2 3"
    #expect(close(evaluate(.stdvarOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), 10.56))
    #expect(close(evaluate(.stddevOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), 3.249615))
    let constant = "1.5990505637277868 1.5990505637277868 1.5990505637277868"
    #expect(evaluate(.stdvarOverTime, constant, stepMs: seconds(10), atMs: seconds(55), rangeMs: minutes(1)) == 0)
    #expect(evaluate(.stddevOverTime, constant, stepMs: seconds(10), atMs: seconds(55), rangeMs: minutes(1)) == 0)
  }

  @Test func medianAbsoluteDeviation() {
    #expect(evaluate(.madOverTime, "4 6 2 1 999 1 2", stepMs: seconds(10), atMs: seconds(70), rangeMs: seconds(70)) == 1)
    #expect(evaluate(.madOverTime, "1 2 3 4 5", stepMs: seconds(10), atMs: seconds(40), rangeMs: seconds(50)) == 1)
    #expect(evaluate(.madOverTime, "7 7 7 7 7", stepMs: seconds(10), atMs: seconds(40), rangeMs: seconds(50)) == 0)
    #expect(evaluate(.madOverTime, "5", stepMs: seconds(10), atMs: 0, rangeMs: seconds(10)) == 0)
    #expect(evaluate(.madOverTime, "1 2 NaN 4", stepMs: seconds(10), atMs: seconds(30), rangeMs: seconds(40))?.isNaN == true)
  }

  @Test func extremesAndTheirTimestamps() {
    let step: Int64 = 10_053
    #expect(evaluate(.tsOfMinOverTime, "1 2 3 0 5 6 2 1 4", stepMs: step, atMs: seconds(90), rangeMs: seconds(90)) == 30.159)
    #expect(evaluate(.tsOfMaxOverTime, "1 2 3 0 5 6 2 1 4", stepMs: step, atMs: seconds(90), rangeMs: seconds(90)) == 50.265)
    #expect(evaluate(.tsOfLastOverTime, "1 2 3 _ _", stepMs: step, atMs: seconds(95), rangeMs: seconds(90)) == 20.106)
    #expect(evaluate(.tsOfFirstOverTime, "_ _ 1 2 3 _ _", stepMs: step, atMs: seconds(95), rangeMs: seconds(90)) == 20.106)
    #expect(evaluate(.tsOfFirstOverTime, "_ _ 1 2 3 _ _", stepMs: step, atMs: seconds(15), rangeMs: seconds(90)) == nil)
  }

  @Test(arguments: [
    ("2 0 3", 0.0, 3.0), ("2 0 NaN", 0.0, 2.0), ("2 NaN 1", 1.0, 2.0), ("NaN 0 1", 0.0, 1.0), ("NaN NaN NaN", .nan, .nan),
  ])
  func minAndMaxSkipNaN(notation: String, min: Double, max: Double) {
    #expect(close(evaluate(.minOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), min))
    #expect(close(evaluate(.maxOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)), max))
  }

  @Test func firstLastCountPresent() {
    let notation = "_ 5 2 _ 4 _"
    #expect(evaluate(.firstOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)) == 5)
    #expect(evaluate(.lastOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)) == 4)
    #expect(evaluate(.countOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)) == 3)
    #expect(evaluate(.presentOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)) == 1)
    #expect(evaluate(.presentOverTime, "_x12", stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2)) == nil)
  }

  private static let inf = Double.infinity
  private static let quantiles: [(Double, [Double])] = [
    (0.0, [0.0, 0, 0]), (0.5, [0.5, 1, 1]), (0.75, [0.75, 1.5, 2.5]), (0.8, [0.8, 1.6, 2.8]), (1.0, [1.0, 2, 4]),
    (-1.0, [-inf, -inf, -inf]), (2.0, [inf, inf, inf]),
  ]

  @Test(arguments: quantiles)
  func quantileOverTime(q: Double, expected: [Double]) {
    for (notation, value) in zip(["0 1", "0 1 2", "0 1 4"], expected) {
      let result = evaluate(.quantileOverTime, notation, stepMs: seconds(10), atMs: minutes(1), rangeMs: minutes(2), RangeFunctionArguments(scalar0: q))
      #expect(close(result, value))
    }
  }

  @Test func sharedScratchBufferGivesTheSameResults() throws {
    var scratch: [Double] = [99, 98, 97, 96, 95, 94, 93, 92]
    let first = SeriesFixture.window(timestampsMs: [0, 1, 2], values: [4, 0, 1], startMs: -1, endMs: 2)
    let second = SeriesFixture.window(timestampsMs: [0, 1], values: [10, 20], startMs: -1, endMs: 1)
    let median = RangeFunctionArguments(scalar0: 0.5)
    #expect(try first.evaluate(.quantileOverTime, median, scratch: &scratch) == 1)
    #expect(try second.evaluate(.quantileOverTime, median, scratch: &scratch) == 15)
    #expect(try first.evaluate(.madOverTime, .none, scratch: &scratch) == 1)
    #expect(try second.evaluate(.madOverTime, .none, scratch: &scratch) == 5)
  }

  @Test func derivAndPredictLinear() {
    #expect(close(evaluate(.deriv, "0+80x10", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50)), 0.26666666666666666))
    #expect(close(evaluate(.deriv, "0+10x4 0+10x5", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(100)), 0.010606060606060607))
    #expect(evaluate(.deriv, "-Inf 0+80x10 Inf", stepMs: minutes(5), atMs: minutes(100), rangeMs: minutes(100))?.isNaN == true)
    let hour = RangeFunctionArguments(scalar0: 3600)
    #expect(close(evaluate(.predictLinear, "0+10x4 0+10x5", stepMs: minutes(5), atMs: minutes(50), rangeMs: minutes(50), hour), 70))
    #expect(
      evaluate(.predictLinear, "-Inf 0+80x10 Inf", stepMs: minutes(5), atMs: minutes(100), rangeMs: minutes(100), RangeFunctionArguments(scalar0: 6000))?
        .isNaN == true)
  }

  @Test func predictLinearInterceptsAtTheEvaluationTime() {
    // `[55m] @ 3000` evaluated at 10m, 50m and 70m: the same samples, intercepts at the step time.
    let all = SeriesFixture.samples("0+10x4 0+10x5", stepMs: minutes(5))
    for (evaluationMs, expected) in [(minutes(50), 76.81818181818181), (minutes(10), 51.36363636363637), (minutes(70), 89.54545454545455)] {
      let window = SeriesFixture.window(
        timestampsMs: all.timestampsMs, values: all.values, startMs: seconds(3000) - minutes(55), endMs: seconds(3000),
        evaluationMs: evaluationMs)
      #expect(close(outcome(.predictLinear, window, RangeFunctionArguments(scalar0: 3600)), expected))
    }
  }

  @Test func constantSeriesHasZeroSlope() {
    let window = SeriesFixture.window(timestampsMs: [0, 15_000, 30_000], values: [0.1, 0.1, 0.1], startMs: -1, endMs: 30_000)
    #expect(outcome(.deriv, window) == 0)
    #expect(outcome(.predictLinear, window, RangeFunctionArguments(scalar0: 100)) == 0.1)
  }

  @Test func changesAndResets() {
    #expect(evaluate(.changes, "NaN NaN NaN", stepMs: minutes(5), atMs: minutes(15), rangeMs: minutes(20)) == 0)
    #expect(evaluate(.changes, "0 NaN 0", stepMs: minutes(5), atMs: minutes(15), rangeMs: minutes(20)) == 2)
    #expect(evaluate(.resets, "0 1 2 3 2 3 4 0 1", stepMs: minutes(5), atMs: minutes(40), rangeMs: minutes(50)) == 2)
    #expect(evaluate(.resets, "5", stepMs: minutes(5), atMs: 0, rangeMs: minutes(5)) == 0)
    #expect(evaluate(.changes, "5", stepMs: minutes(5), atMs: 0, rangeMs: minutes(5)) == 0)
  }

  @Test(arguments: [
    ("0+10x1000 100+30x1000", 8000.0), ("0+20x1000 200+30x1000", 16000.0), ("0+30x1000 300+80x1000", 24000.0),
    ("0+40x2000", 32000.0), ("8000-10x1000", 0.0), ("0-20x1000", -16000.0), ("0+30x1000 300-80x1000", 24000.0),
    ("0-40x1000 0+40x1000", -32000.0),
  ])
  func doubleExponentialSmoothing(notation: String, expected: Double) {
    let factors = RangeFunctionArguments(scalar0: 0.01, scalar1: 0.1)
    for function in [RangeFunction.doubleExponentialSmoothing, .holtWinters] {
      #expect(close(evaluate(function, notation, stepMs: seconds(10), atMs: seconds(8000), rangeMs: minutes(1), factors), expected))
    }
  }

  @Test func smoothingFactorsOutsideTheOpenIntervalFail() {
    let window = SeriesFixture.window(timestampsMs: [0, 1000], values: [1, 2], startMs: -1, endMs: 1000)
    #expect(throws: RangeFunctionError(message: "invalid smoothing factor. Expected: 0 < sf < 1, got: 2.000000")) {
      var scratch: [Double] = []
      _ = try window.evaluate(.doubleExponentialSmoothing, RangeFunctionArguments(scalar0: 2, scalar1: 0.5), scratch: &scratch)
    }
    #expect(throws: RangeFunctionError(message: "invalid trend factor. Expected: 0 < tf < 1, got: -0.500000")) {
      var scratch: [Double] = []
      _ = try window.evaluate(.doubleExponentialSmoothing, RangeFunctionArguments(scalar0: 0.5, scalar1: -0.5), scratch: &scratch)
    }
    // One sample: still an error (checked per series), but no value with valid factors.
    let single = SeriesFixture.window(timestampsMs: [0], values: [1], startMs: -1, endMs: 0)
    #expect(throws: RangeFunctionError.self) {
      var scratch: [Double] = []
      _ = try single.evaluate(.holtWinters, RangeFunctionArguments(scalar0: 1, scalar1: 0.5), scratch: &scratch)
    }
    #expect(outcome(.holtWinters, single, RangeFunctionArguments(scalar0: 0.5, scalar1: 0.5)) == nil)
  }

  @Test func everyFunctionIsSilentOnAnEmptyWindow() {
    let empty = SeriesFixture.window(timestampsMs: [], values: [], startMs: 0, endMs: 60_000)
    for function in RangeFunction.allCases {
      #expect(outcome(function, empty, RangeFunctionArguments(scalar0: 0.5, scalar1: 0.5)) == nil, "\(function)")
    }
  }
}
