// Store statistics in the shape of Prometheus's `/api/v1/status/tsdb`: head totals and the
// label names, values and metrics that cost the most series.
import Synchronization

/// What `/api/v1/status/tsdb` reports.
package struct StoreStatus: Encodable, Sendable, Equatable {
  package struct HeadStats: Encodable, Sendable, Equatable {
    package var numSeries: Int
    package var numLabelPairs: Int
    package var chunkCount: Int
    package var minTime: Int64
    package var maxTime: Int64
  }

  /// A name (or `name=value`) and a count, as Prometheus lists them.
  package struct Entry: Encodable, Sendable, Equatable {
    package var name: String
    package var value: Int
  }

  package var headStats: HeadStats
  package var seriesCountByMetricName: [Entry]
  package var labelValueCountByLabelName: [Entry]
  package var memoryInBytesByLabelName: [Entry]
  package var seriesCountByLabelValuePair: [Entry]
}

extension PostingsIndex {
  /// Cardinality figures under one lock: per metric name, per label name, per pair.
  func statistics(limit: Int) -> (byMetric: [StoreStatus.Entry], valuesByName: [StoreStatus.Entry], bytesByName: [StoreStatus.Entry], byPair: [StoreStatus.Entry], pairs: Int) {
    withState { byName in
      var byMetric: [StoreStatus.Entry] = []
      var valuesByName: [StoreStatus.Entry] = []
      var bytesByName: [StoreStatus.Entry] = []
      var byPair: [StoreStatus.Entry] = []
      var pairs = 0
      for (name, values) in byName {
        pairs += values.count
        valuesByName.append(.init(name: name, value: values.count))
        bytesByName.append(.init(name: name, value: values.reduce(0) { $0 + $1.key.utf8.count * $1.value.count }))
        for (value, ids) in values {
          byPair.append(.init(name: "\(name)=\(value)", value: ids.count))
          if name == "__name__" { byMetric.append(.init(name: value, value: ids.count)) }
        }
      }
      func top(_ entries: [StoreStatus.Entry]) -> [StoreStatus.Entry] {
        Array(entries.sorted { $0.value != $1.value ? $0.value > $1.value : $0.name < $1.name }.prefix(limit))
      }
      return (top(byMetric), top(valuesByName), top(bytesByName), top(byPair), pairs)
    }
  }
}

extension MetricStore {
  /// The store's statistics, top `limit` entries per list (Prometheus shows 10).
  package func status(limit: Int = 10) -> StoreStatus {
    let series = head.table.allSeries()
    var chunks = 0
    var minTime = Int64.max
    var maxTime = Int64.min
    for entry in series {
      entry.withChunks { state in
        chunks += state.chunkCount
        if state.lastTimestampMs != .min, !state.isDeleted {
          minTime = min(minTime, state.firstTimestampMs)
          maxTime = max(maxTime, state.lastTimestampMs)
        }
      }
    }
    let stats = head.index.statistics(limit: limit)
    return StoreStatus(
      headStats: .init(
        numSeries: series.count, numLabelPairs: stats.pairs, chunkCount: chunks,
        minTime: minTime == .max ? 0 : minTime, maxTime: maxTime == .min ? 0 : maxTime),
      seriesCountByMetricName: stats.byMetric, labelValueCountByLabelName: stats.valuesByName,
      memoryInBytesByLabelName: stats.bytesByName, seriesCountByLabelValuePair: stats.byPair)
  }
}
