// Element-wise maths, round/clamp and the date functions against functions.test and
// trig_functions.test, plus signed zeros, NaN and infinities.
import Testing
@testable import PromQL

@Suite struct ScalarFunctionTests {
  private let inputs: [Double] = [2.5, 2, -2.5, -2, 0, -0.0, .infinity, -.infinity, .nan]

  private func expectSame(_ actual: [Double], _ expected: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(actual.count == expected.count, sourceLocation: sourceLocation)
    for (a, e) in zip(actual, expected) {
      #expect((a.isNaN && e.isNaN) || a == e, "\(a) vs \(e)", sourceLocation: sourceLocation)
    }
  }

  @Test func roundingFamily() {
    expectSame(inputs.map(MathFunction.abs.apply), [2.5, 2, 2.5, 2, 0, 0, .infinity, .infinity, .nan])
    expectSame(inputs.map(MathFunction.ceil.apply), [3, 2, -2, -2, 0, 0, .infinity, -.infinity, .nan])
    expectSame(inputs.map(MathFunction.floor.apply), [2, 2, -3, -2, 0, 0, .infinity, -.infinity, .nan])
    expectSame(inputs.map { Rounding.round($0) }, [3, 2, -2, -2, 0, 0, .infinity, -.infinity, .nan])
  }

  @Test func roundToNearest() {
    #expect(Rounding.round(5.55, toNearest: 0.1) == 5.6)
    #expect(Rounding.round(-5.55, toNearest: 0.1) == -5.5)
    #expect(Rounding.round(1234, toNearest: 100) == 1200)
    #expect(Rounding.round(1250, toNearest: 100) == 1300)
    #expect(Rounding.round(3, toNearest: 0).isNaN)
  }

  @Test func signKeepsZeroAndNaN() {
    expectSame([-.infinity, .infinity, .nan, -50, 0, 100].map(MathFunction.sgn.apply), [-1, 1, .nan, -1, 0, 1])
    #expect(MathFunction.sgn.apply(-0.0).sign == .minus)
  }

  @Test func trigonometry() {
    let cases: [(MathFunction, Double, Double)] = [
      (.sin, 10, -0.5440211108893699), (.sin, 20, 0.9129452507276277), (.cos, 10, -0.8390715290764524),
      (.cos, 20, 0.40808206181339196), (.tan, 10, 0.6483608274590867), (.tan, 20, 2.2371609442247427),
      (.asin, -0.1, -0.10016742116155944), (.acos, -0.1, 1.670963747956456), (.atan, 10, 1.4711276743037345),
      (.atan, 20, 1.5208379310729538), (.sinh, 10, 11013.232920103324), (.sinh, 20, 2.4258259770489514e+08),
      (.cosh, 10, 11013.232920103324), (.tanh, 10, 0.9999999958776927), (.tanh, 20, 1), (.asinh, 10, 2.99822295029797),
      (.asinh, 20, 3.6895038689889055), (.acosh, 10, 2.993222846126381), (.acosh, 20, 3.6882538673612966),
      (.atanh, -0.1, -0.10033534773107522), (.rad, 10, 0.17453292519943295), (.rad, 20, 0.3490658503988659),
      (.deg, 10, 572.9577951308232), (.deg, 20, 1145.9155902616465), (.deg, -10, -572.9577951308232),
      (.exp, 1, 2.718281828459045), (.ln, 1, 0), (.log2, 8, 3), (.log10, 1000, 3), (.sqrt, 16, 4),
    ]
    for (function, input, expected) in cases {
      // The script runner's tolerance: its sinh(10) is really cosh(10), off by 4e-9 relative.
      #expect(close(function.apply(input), expected), "\(function)(\(input))")
    }
    #expect(MathFunction.asin.apply(9.9).isNaN)
    #expect(MathFunction.atanh.apply(9.9).isNaN)
    #expect(MathFunction.sqrt.apply(-1).isNaN)
    #expect(MathFunction.ln.apply(0) == -.infinity)
    for function in MathFunction.allCases {
      #expect(function.apply(.nan).isNaN, "\(function)")
    }
  }

  @Test func clamp() {
    let values: [Double] = [-50, 0, 100]
    #expect(values.map { Clamp.clampMax($0, max: 75) } == [-50, 0, 75])
    #expect(values.map { Clamp.clampMin($0, min: -25) } == [-25, 0, 100])
    #expect(values.map { Clamp.clamp($0, min: -25, max: 75) } == [-25, 0, 75])
    #expect(values.allSatisfy { Clamp.clamp($0, min: 0, max: .nan)!.isNaN })
    #expect(values.allSatisfy { Clamp.clamp($0, min: .nan, max: 0)!.isNaN })
    #expect(Clamp.clamp(1, min: 5, max: -5) == nil)
    #expect(Clamp.clamp(.nan, min: 0, max: 1)!.isNaN)
    // Go's Max lets +Inf win over NaN.
    #expect(Clamp.clampMin(.infinity, min: .nan) == .infinity)
    #expect(Clamp.clampMax(-.infinity, max: .nan) == -.infinity)
  }

  @Test(arguments: [
    (DateFunction.year, 1136239445.0, 2006.0), (.month, 1136239445, 1), (.dayOfMonth, 1136239445, 2),
    (.dayOfYear, 1136239445, 2), (.dayOfWeek, 1136239445, 1), (.hour, 1136239445, 22), (.minute, 1136239445, 4),
    (.year, 0, 1970), (.month, 0, 1), (.dayOfMonth, 0, 1), (.dayOfYear, 0, 1), (.dayOfWeek, 0, 4), (.hour, 0, 0),
    (.year, 1230767999, 2008), (.year, 1230768000, 2009), (.month, 1456790399, 2), (.dayOfMonth, 1456790399, 29),
    (.month, 1456790400, 3), (.dayOfMonth, 1456790400, 1), (.dayOfYear, 1483191420, 366), (.dayOfYear, 1672493820, 365),
    (.daysInMonth, 1454284800, 29), (.daysInMonth, 1485907200, 28),
  ])
  func dates(function: DateFunction, seconds: Double, expected: Double) {
    #expect(function.apply(unixSeconds: seconds) == expected)
  }

  @Test func datesBeforeTheEpochAndOddInputs() {
    // 1969-12-31 23:59:59 UTC, a Wednesday.
    #expect(DateFunction.year.apply(unixSeconds: -1) == 1969)
    #expect(DateFunction.dayOfWeek.apply(unixSeconds: -1) == 3)
    #expect(DateFunction.hour.apply(unixSeconds: -1) == 23)
    #expect(DateFunction.dayOfYear.apply(unixSeconds: -1) == 365)
    // Truncation towards zero: -0.5 s is still 1970-01-01 00:00:00.
    #expect(DateFunction.year.apply(unixSeconds: -0.5) == 1970)
    // 1900 is not a leap year, 2000 is.
    #expect(DateFunction.daysInMonth.apply(unixSeconds: -2_206_310_400) == 28)  // 1900-02-01
    #expect(DateFunction.daysInMonth.apply(unixSeconds: 949_363_200) == 29)  // 2000-02-01
    #expect(DateFunction.year.apply(unixSeconds: .nan).isNaN)
    #expect(DateFunction.year.apply(unixSeconds: .infinity).isNaN)
    #expect(DateFunction.year.apply(unixSeconds: 1e300).isNaN)
    #expect(!DateFunction.year.apply(unixSeconds: -9.2e18).isNaN)
  }

  @Test func goNumberFormats() {
    #expect(GoFormat.fixed(2) == "2.000000")
    #expect(GoFormat.fixed(-0.5) == "-0.500000")
    #expect(GoFormat.fixed(.nan) == "NaN")
    #expect(GoFormat.fixed(-.infinity) == "-Inf")
    #expect(GoFormat.general(2) == "2")
    #expect(GoFormat.general(0.5) == "0.5")
    #expect(GoFormat.general(1e6) == "1e+06")
    #expect(GoFormat.general(123456) == "123456")
    #expect(GoFormat.general(1.5e-5) == "1.5e-05")
    #expect(GoFormat.general(0.0001) == "0.0001")
    #expect(GoFormat.general(-1e21) == "-1e+21")
    #expect(GoFormat.general(.infinity) == "+Inf")
    #expect(GoFormat.general(0.1234, significantDigits: 2) == "0.12")
    #expect(GoFormat.general(10, significantDigits: 2) == "10")
    #expect(GoFormat.general(100, significantDigits: 2) == "1e+02")
    #expect(GoFormat.general(1.5, significantDigits: 2) == "1.5")
    #expect(GoFormat.general(0.999, significantDigits: 2) == "1")
    #expect(GoFormat.general(99.9, significantDigits: 2) == "1e+02")
    #expect(GoFormat.general(0.0001234, significantDigits: 2) == "0.00012")
    #expect(GoFormat.general(-2.5e-7, significantDigits: 2) == "-2.5e-07")
  }
}
