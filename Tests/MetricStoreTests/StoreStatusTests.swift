// Store statistics for /api/v1/status/tsdb: totals and top cardinalities.
@testable import MetricStore
import Testing
import WardenCore

struct StoreStatusTests {
  @Test func countsSeriesPairsAndTopEntries() async throws {
    let store = try makeStore()
    var batch = SampleBatch()
    for cpu in 0..<4 {
      for mode in ["idle", "user", "system"] {
        batch.append(labels(["__name__": "node_cpu_seconds_total", "cpu": "\(cpu)", "mode": mode]), timestampMs: 5_000, value: 1)
      }
    }
    batch.append(labels(["__name__": "up", "job": "node"]), timestampMs: 1_000, value: 1)
    _ = try await store.append(batch)
    let status = store.status(limit: 2)
    #expect(status.headStats.numSeries == 13)
    #expect(status.headStats.chunkCount == 13)
    #expect(status.headStats.minTime == 1_000)
    #expect(status.headStats.maxTime == 5_000)
    // __name__: 2 values, cpu: 4, mode: 3, job: 1.
    #expect(status.headStats.numLabelPairs == 10)
    #expect(status.seriesCountByMetricName == [.init(name: "node_cpu_seconds_total", value: 12), .init(name: "up", value: 1)])
    #expect(status.labelValueCountByLabelName == [.init(name: "cpu", value: 4), .init(name: "mode", value: 3)])
    #expect(status.seriesCountByLabelValuePair.first == .init(name: "__name__=node_cpu_seconds_total", value: 12))
    #expect(status.memoryInBytesByLabelName.count == 2)
    store.close()
  }

  @Test func emptyStoreReportsZeros() throws {
    let store = try makeStore()
    let status = store.status()
    #expect(status.headStats == .init(numSeries: 0, numLabelPairs: 0, chunkCount: 0, minTime: 0, maxTime: 0))
    #expect(status.seriesCountByMetricName.isEmpty)
    store.close()
  }
}
