// The values the exposition parser hands back: metric families (metadata) and samples, plus the
// limits a caller can put on one body.

package import WardenCore

/// A metric family's metadata as the page declared it.
///
/// OpenMetrics types map onto `MetricType`: `gaugehistogram` becomes `.histogram`; `unknown`,
/// `info` and `stateset` become `.untyped`. Families that only appear through samples (no HELP or
/// TYPE line) are listed as `.untyped` with no help.
package struct ParsedFamily: Sendable, Equatable {
  /// The family name (for an OpenMetrics counter, without `_total`).
  package var name: String
  package var type: MetricType
  /// The HELP text, unescaped; nil when the page had no HELP line for the family.
  package var help: String?
  /// The UNIT (OpenMetrics only); nil when absent.
  package var unit: String?

  package init(name: String, type: MetricType, help: String? = nil, unit: String? = nil) {
    self.name = name
    self.type = type
    self.help = help
    self.unit = unit
  }
}

/// One sample line.
package struct ExpositionSample: Sendable, Equatable {
  /// The series, `__name__` included (the full sample name such as `x_bucket`). Labels with empty
  /// values are dropped, as `Labels` does everywhere.
  package var labels: Labels
  package var value: Double
  /// Milliseconds since the Unix epoch; nil when the line had no timestamp. OpenMetrics seconds
  /// are converted (rounded to the nearest millisecond, clamped to the `Int64` range).
  package var timestampMs: Int64?

  package init(labels: Labels, value: Double, timestampMs: Int64? = nil) {
    self.labels = labels
    self.value = value
    self.timestampMs = timestampMs
  }

  /// Compares values by bit pattern, so NaN samples (and the stale marker) compare equal to
  /// themselves.
  package static func == (lhs: ExpositionSample, rhs: ExpositionSample) -> Bool {
    lhs.labels == rhs.labels && lhs.value.bitPattern == rhs.value.bitPattern && lhs.timestampMs == rhs.timestampMs
  }
}

/// Everything one body contained, in page order.
package struct ExpositionParseResult: Sendable {
  package var families: [ParsedFamily]
  package var samples: [ExpositionSample]

  package init(families: [ParsedFamily] = [], samples: [ExpositionSample] = []) {
    self.families = families
    self.samples = samples
  }
}

/// Bounds on one body, so a hostile or broken target cannot make the parser use unbounded memory.
/// Zero means "no limit" for every field.
package struct ExpositionLimits: Sendable, Equatable {
  /// The most samples one body may hold.
  package var maxSamples: Int
  /// The most labels on one sample, `__name__` not counted.
  package var maxLabelsPerSample: Int
  /// The longest line, in bytes, newline not counted.
  package var maxLineBytes: Int
  /// The longest label value, in bytes after unescaping.
  package var maxLabelValueBytes: Int

  package init(
    maxSamples: Int = 0,
    maxLabelsPerSample: Int = 64,
    maxLineBytes: Int = 1 << 20,
    maxLabelValueBytes: Int = 64 << 10
  ) {
    self.maxSamples = maxSamples
    self.maxLabelsPerSample = maxLabelsPerSample
    self.maxLineBytes = maxLineBytes
    self.maxLabelValueBytes = maxLabelValueBytes
  }
}
