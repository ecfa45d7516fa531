// A batch of samples on its way to a store: label sets once, samples as rows pointing at them, so
// a series with several samples in one batch carries its labels once and nothing is allocated
// per sample.

/// One sample row: which label set (an index into `SampleBatch.series`), when, what.
package struct SampleRow: Sendable, Hashable {
  package var seriesIndex: Int32
  package var timestampMs: Int64
  package var value: Double

  package init(seriesIndex: Int32, timestampMs: Int64, value: Double) {
    self.seriesIndex = seriesIndex
    self.timestampMs = timestampMs
    self.value = value
  }
}

/// Samples for many series, ready to append.
package struct SampleBatch: Sendable {
  /// Set only through `addSeries` (and `init`), so `storedHandles` stays aligned with it. Empty
  /// labels where a series was added by its handle alone (`addSeries(storedAs:)`): read those
  /// through `labels(at:)`.
  package private(set) var series: [Labels] = []
  package var samples: [SampleRow] = []
  /// Empty, or one entry per element of `series`: the store's handle for that label set (found
  /// through `SeriesLookup`), nil where there is none. The caller vouches that a handle is the
  /// store's series for exactly those labels (the store does not compare them again: that is the
  /// lookup it spares); the store uses it only if it is its own and still live, and otherwise
  /// looks up the labels.
  package private(set) var storedHandles: [(any StoredSeriesHandle)?] = []

  package init() {}

  package init(series: [Labels], samples: [SampleRow]) {
    self.series = series
    self.samples = samples
  }

  /// Adds a series and returns its index for `append(seriesIndex:...)`.
  package mutating func addSeries(_ labels: Labels) -> Int32 {
    series.append(labels)
    return Int32(series.count - 1)
  }

  /// Adds a series with the store's handle for it (see `storedHandles`).
  package mutating func addSeries(_ labels: Labels, storedAs handle: (any StoredSeriesHandle)?) -> Int32 {
    if handle != nil || !storedHandles.isEmpty {
      if storedHandles.count < series.count { storedHandles.append(contentsOf: repeatElement(nil, count: series.count - storedHandles.count)) }
      storedHandles.append(handle)
    }
    return addSeries(labels)
  }

  /// Adds a series by the store's handle alone: its labels are read from the handle only if the
  /// store cannot use it (`labels(at:)`), so a known series costs no label copy in the batch.
  package mutating func addSeries(storedAs handle: any StoredSeriesHandle) -> Int32 {
    addSeries(Labels(), storedAs: handle)
  }

  /// The labels of `series[position]`, read from its handle where it was added by handle alone.
  package func labels(at position: Int) -> Labels {
    if series[position].isEmpty, position < storedHandles.count, let handle = storedHandles[position] {
      return handle.labels
    }
    return series[position]
  }

  package mutating func append(seriesIndex: Int32, timestampMs: Int64, value: Double) {
    samples.append(SampleRow(seriesIndex: seriesIndex, timestampMs: timestampMs, value: value))
  }

  /// Convenience for tests and small producers: one series, one sample.
  package mutating func append(_ labels: Labels, timestampMs: Int64, value: Double) {
    append(seriesIndex: addSeries(labels), timestampMs: timestampMs, value: value)
  }

  package var isEmpty: Bool { samples.isEmpty }
}
