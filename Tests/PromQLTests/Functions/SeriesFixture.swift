// Builds range windows from the value notation of the PromQL test scripts ("0+10x10 0 10",
// "_x3", "NaN"), so kernel tests can use the conformance files' inputs literally.
@testable import PromQL

enum SeriesFixture {
  /// The samples of a `load <step>` line's values: slot i is at i × step; `_` leaves a slot empty.
  static func samples(_ notation: String, stepMs: Int64) -> (timestampsMs: [Int64], values: [Double]) {
    var timestamps: [Int64] = []
    var values: [Double] = []
    var slot: Int64 = 0
    func append(_ value: Double) {
      timestamps.append(slot * stepMs)
      values.append(value)
      slot += 1
    }
    for item in notation.split(whereSeparator: { $0 == " " || $0 == "\t" }) {
      if item == "_" {
        slot += 1
      } else if item.hasPrefix("_x") {
        slot += Int64(item.dropFirst(2))!
      } else if item == "stale" {
        slot += 1
      } else if let x = item.lastIndex(of: "x"), let times = Int(item[item.index(after: x)...]) {
        let expression = item[..<x]
        let (start, increment) = splitSeries(expression)
        for index in 0...times { append(start + Double(index) * increment) }
      } else {
        append(number(item))
      }
    }
    return (timestamps, values)
  }

  /// The window a range selector `[rangeMs]` sees at `evaluationMs`: samples in (end - range, end].
  static func window(
    _ notation: String, stepMs: Int64, atMs evaluationMs: Int64, rangeMs: Int64, offsetMs: Int64 = 0
  ) -> WindowFixture {
    let all = samples(notation, stepMs: stepMs)
    let end = evaluationMs - offsetMs
    let start = end - rangeMs
    let indices = all.timestampsMs.indices.filter { all.timestampsMs[$0] > start && all.timestampsMs[$0] <= end }
    let lower = indices.first ?? 0
    let upper = (indices.last ?? -1) + 1
    return WindowFixture(
      timestampsMs: all.timestampsMs[lower..<upper], values: all.values[lower..<upper], rangeStartMs: start,
      rangeEndMs: end, evaluationTimeMs: evaluationMs)
  }

  static func window(
    timestampsMs: [Int64], values: [Double], startMs: Int64, endMs: Int64, evaluationMs: Int64? = nil
  ) -> WindowFixture {
    WindowFixture(
      timestampsMs: timestampsMs[...], values: values[...], rangeStartMs: startMs, rangeEndMs: endMs,
      evaluationTimeMs: evaluationMs ?? endMs)
  }

  /// "a+b" or "a-b" (the sign of `a` and exponents excluded) → (a, ±b); "a" → (a, 0).
  private static func splitSeries(_ text: Substring) -> (Double, Double) {
    let characters = Array(text)
    var index = characters.count - 1
    while index > 0 {
      let character = characters[index]
      if (character == "+" || character == "-") && characters[index - 1] != "e" && characters[index - 1] != "E" {
        let start = number(Substring(String(characters[..<index])))
        let increment = number(Substring(String(characters[(index + 1)...])))
        return (start, character == "-" ? -increment : increment)
      }
      index -= 1
    }
    return (number(text), 0)
  }

  private static func number(_ text: Substring) -> Double {
    switch text.lowercased() {
    case "nan": return .nan
    case "inf", "+inf": return .infinity
    case "-inf": return -.infinity
    default: return Double(text)!
    }
  }
}

/// Minutes and seconds in milliseconds, to write script times as the scripts do.
func minutes(_ value: Int64) -> Int64 { value * 60_000 }
func seconds(_ value: Int64) -> Int64 { value * 1000 }

/// Relative comparison as the script runner does it (1e-6, NaN equal to NaN, exact infinities).
func close(_ actual: Double?, _ expected: Double, tolerance: Double = 1e-6) -> Bool {
  guard let actual else { return false }
  if expected.isNaN { return actual.isNaN }
  if expected.isInfinite || expected == 0 { return actual == expected || Swift.abs(actual - expected) < 1e-12 }
  return Swift.abs(actual - expected) <= tolerance * Swift.abs(expected)
}

/// A range function's value, with errors folded into nil (tests of errors use `#expect(throws:)`).
func outcome(_ function: RangeFunction, _ fixture: WindowFixture, _ arguments: RangeFunctionArguments = .none) -> Double? {
  var scratch: [Double] = []
  switch Result(catching: { () throws(RangeFunctionError) -> Double? in try fixture.evaluate(function, arguments, scratch: &scratch) }) {
  case .success(let value): return value
  case .failure: return nil
  }
}

/// A range window over buffers it owns: `RangeWindow` only borrows its columns, so tests keep
/// them alive here and evaluate through `evaluate`, which holds the fixture for the whole call.
final class WindowFixture {
  private let timestamps: UnsafeMutableBufferPointer<Int64>
  private let columnValues: UnsafeMutableBufferPointer<Double>
  private let rangeStartMs: Int64
  private let rangeEndMs: Int64
  private let evaluationTimeMs: Int64

  init(timestampsMs: ArraySlice<Int64>, values: ArraySlice<Double>, rangeStartMs: Int64, rangeEndMs: Int64, evaluationTimeMs: Int64) {
    timestamps = .allocate(capacity: timestampsMs.count)
    _ = timestamps.initialize(from: timestampsMs)
    columnValues = .allocate(capacity: values.count)
    _ = columnValues.initialize(from: values)
    self.rangeStartMs = rangeStartMs
    self.rangeEndMs = rangeEndMs
    self.evaluationTimeMs = evaluationTimeMs
  }

  deinit {
    timestamps.deallocate()
    columnValues.deallocate()
  }

  /// The values in the window, copied out.
  var values: [Double] { Array(columnValues) }

  func evaluate(_ function: RangeFunction, _ arguments: RangeFunctionArguments, scratch: inout [Double]) throws(RangeFunctionError) -> Double? {
    let window = RangeWindow(
      timestampsMs: UnsafeBufferPointer(timestamps), values: UnsafeBufferPointer(columnValues), rangeStartMs: rangeStartMs,
      rangeEndMs: rangeEndMs, evaluationTimeMs: evaluationTimeMs)
    defer { withExtendedLifetime(self) {} }
    return try function.evaluate(window, arguments: arguments, scratch: &scratch)
  }
}
