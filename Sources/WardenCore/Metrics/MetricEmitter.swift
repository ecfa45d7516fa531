// The seam between code that produces metric samples (the host collector, self-instrumentation,
// later scrapes) and code that consumes them (the exposition encoder, later the metric store).

/// The kind of a metric family, as the Prometheus exposition format names it.
package enum MetricType: String, Sendable, Hashable {
  case counter, gauge, histogram, summary, untyped
}

/// A label name and value on one sample.
package struct Label: Sendable, Hashable {
  package var name: String
  package var value: String

  @inlinable
  package init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
  }
}

/// Receives metric families one at a time, each followed by its samples.
///
/// Producers are generic over their emitter (`some MetricEmitter`), so a collection is specialised
/// for the consumer: no existential call and no intermediate family objects per sample.
package protocol MetricEmitter {
  /// Starts a family; the samples emitted until the next call belong to it.
  mutating func family(_ name: String, type: MetricType, help: String)

  /// Emits one sample of the current family.
  /// - Parameters:
  ///   - name: the sample name (the family name, or the family name plus `_bucket`, `_sum`...).
  ///   - labels: the sample's labels, in the order they should be written.
  ///   - value: the sample value.
  mutating func sample<Labels: Collection<Label>>(_ name: String, labels: Labels, value: Double)
}

extension MetricEmitter {
  @inlinable
  package mutating func sample(_ name: String, value: Double) {
    sample(name, labels: EmptyCollection<Label>(), value: value)
  }

  @inlinable
  package mutating func sample(_ name: String, _ label: Label, value: Double) {
    sample(name, labels: CollectionOfOne(label), value: value)
  }

  @inlinable
  package mutating func sample(_ name: String, _ first: Label, _ second: Label, value: Double) {
    sample(name, labels: LabelPair(first, second), value: value)
  }
}

/// Two labels as a collection without a heap allocation (the common `device`/`mode` case).
package struct LabelPair: RandomAccessCollection, Sendable {
  @usableFromInline let first: Label
  @usableFromInline let second: Label

  @inlinable
  package init(_ first: Label, _ second: Label) {
    self.first = first
    self.second = second
  }

  @inlinable package var startIndex: Int { 0 }
  @inlinable package var endIndex: Int { 2 }
  @inlinable package subscript(position: Int) -> Label { position == 0 ? first : second }
}
