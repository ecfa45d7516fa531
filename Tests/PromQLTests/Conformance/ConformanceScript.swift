// The commands of an upstream PromQL test script (`*.test`), as the script parser reads them and the
// runner executes them. The format is described in ../shared/conformance/promql/README.md.
import WardenCore

/// A feature of a script that Warden does not implement; evals that depend on it are skipped.
enum UnsupportedFeature: Sendable, Equatable {
  case nativeHistograms
  case startTimestamps

  var reason: String {
    switch self {
    case .nativeHistograms: "native histograms are not supported"
    case .startTimestamps: "start timestamps not supported"
    }
  }
}

enum ScriptCommand: Sendable, Equatable {
  case load(LoadCommand)
  case clear(line: Int)
  case eval(EvalCommand)
}

struct LoadCommand: Sendable, Equatable {
  var line: Int
  var stepMs: Int64
  var series: [LoadedSeries]
}

/// One series of a `load` block. A series written with histogram items, given start timestamps, or
/// synthesised by `load_with_nhcb` carries the feature; its float samples (if any) are still loaded.
struct LoadedSeries: Sendable, Equatable {
  var labels: Labels
  var timestampsMs: [Int64]
  var values: [Double]
  var unsupported: UnsupportedFeature?

  // Stale markers are NaNs, so samples compare by bit pattern.
  static func == (lhs: LoadedSeries, rhs: LoadedSeries) -> Bool {
    lhs.labels == rhs.labels && lhs.timestampsMs == rhs.timestampsMs && lhs.unsupported == rhs.unsupported
      && lhs.values.map(\.bitPattern) == rhs.values.map(\.bitPattern)
  }
}

/// How an `expect warn|info|fail` line matches a message.
enum MessageMatch: Sendable, Equatable {
  case any
  case exact(String)
  /// Unanchored, as Go's `regexp.MatchString`.
  case regex(String)

  func matches(_ message: String) -> Bool {
    switch self {
    case .any: return true
    case .exact(let text): return message == text
    case .regex(let pattern):
      guard let regex = try? Regex(pattern) else { return false }
      return message.contains(regex)
    }
  }

  var description: String {
    switch self {
    case .any: "any message"
    case .exact(let text): "msg: \(text)"
    case .regex(let pattern): "regex: \(pattern)"
    }
  }
}

/// One expected series: its full label set and one value per step, nil where the script writes `_`.
struct ExpectedSeries: Sendable, Equatable {
  var labels: Labels
  var values: [Double?]

  static func == (lhs: ExpectedSeries, rhs: ExpectedSeries) -> Bool {
    lhs.labels == rhs.labels && lhs.values.map { $0?.bitPattern } == rhs.values.map { $0?.bitPattern }
  }
}

enum ExpectedResult: Sendable, Equatable {
  /// Series lines (none: an empty vector or matrix).
  case series([ExpectedSeries])
  case scalar(Double)
  case string(String)
  /// `expect range vector from to step`: an instant query returning a matrix.
  case rangeVector(startMs: Int64, endMs: Int64, stepMs: Int64, series: [ExpectedSeries])

  static func == (lhs: ExpectedResult, rhs: ExpectedResult) -> Bool {
    switch (lhs, rhs) {
    case (.series(let a), .series(let b)): a == b
    case (.scalar(let a), .scalar(let b)): a.bitPattern == b.bitPattern
    case (.string(let a), .string(let b)): a == b
    case (.rangeVector(let s1, let e1, let st1, let a), .rangeVector(let s2, let e2, let st2, let b)):
      s1 == s2 && e1 == e2 && st1 == st2 && a == b
    default: false
    }
  }
}

enum EvalTiming: Sendable, Equatable {
  case instant(atMs: Int64)
  case range(startMs: Int64, endMs: Int64, stepMs: Int64)
}

struct EvalCommand: Sendable, Equatable {
  var line: Int
  var expression: String
  var timing: EvalTiming
  /// Non-nil when the query must fail, with how its error message must read.
  var expectedFailure: MessageMatch?
  var ordered = false
  /// `expect warn` lines; `eval_warn` adds `.any`.
  var warnings: [MessageMatch] = []
  var noWarnings = false
  var infos: [MessageMatch] = []
  var noInfos = false
  var expected: ExpectedResult = .series([])
  /// Set when the expected result is written with native histogram literals.
  var unsupported: UnsupportedFeature?

  init(line: Int, expression: String, timing: EvalTiming) {
    self.line = line
    self.expression = expression
    self.timing = timing
  }
}

/// A script that cannot be read, with the 1-based line.
struct ScriptError: Error, Equatable, CustomStringConvertible {
  var line: Int
  var message: String

  var description: String { "line \(line): \(message)" }
}
