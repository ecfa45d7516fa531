// What a query returns: the four PromQL value types, plus the annotations (warnings and infos)
// Prometheus attaches to a result.
package import WardenCore

/// One element of an instant vector.
package struct VectorSample: Sendable, Equatable {
  package var labels: Labels
  package var timestampMs: Int64
  package var value: Double

  package init(labels: Labels, timestampMs: Int64, value: Double) {
    self.labels = labels
    self.timestampMs = timestampMs
    self.value = value
  }
}

/// A query's value. Matrices reuse `SeriesSamples` (labels + contiguous timestamp/value columns),
/// sorted by labels.
package enum QueryValue: Sendable, Equatable {
  case scalar(timestampMs: Int64, value: Double)
  case string(timestampMs: Int64, value: String)
  case vector([VectorSample])
  case matrix([SeriesSamples])

  package var type: ValueType {
    switch self {
    case .scalar: .scalar
    case .string: .string
    case .vector: .vector
    case .matrix: .matrix
    }
  }
}

/// A warning or info attached to a result, e.g. "metric might not be a counter".
package struct Annotation: Sendable, Equatable, Hashable {
  package enum Kind: Sendable, Equatable, Hashable {
    case warning, info
  }

  package var kind: Kind
  package var message: String
  /// The sub-expression that caused it.
  package var position: PositionRange

  package init(kind: Kind, message: String, position: PositionRange) {
    self.kind = kind
    self.message = message
    self.position = position
  }

  /// As the HTTP API lists it: `PromQL warning: <message> (1:5)`.
  package func rendered(in query: String) -> String {
    let prefix = kind == .warning ? "PromQL warning" : "PromQL info"
    return "\(prefix): \(message) (\(position.lineColumn(in: query)))"
  }
}

package struct QueryResult: Sendable, Equatable {
  package var value: QueryValue
  package var annotations: [Annotation]
  /// Samples read from storage to answer the query (for stats and benchmarks).
  package var samplesLoaded: Int

  package init(value: QueryValue, annotations: [Annotation] = [], samplesLoaded: Int = 0) {
    self.value = value
    self.annotations = annotations
    self.samplesLoaded = samplesLoaded
  }
}
