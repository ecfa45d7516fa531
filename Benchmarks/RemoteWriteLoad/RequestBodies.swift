// Builds every remote_write 1.0 request body before any is sent, so the timed part measures only
// the receiver. Series are cut into fixed chunks (like a Prometheus remote_write shard's batch)
// and each chunk gets one request per timestamp; per chunk the requests are in time order.
import Codecs
import SwiftProtobuf
import WireFormats

/// One prepared request: the snappy-compressed protobuf and how many samples it carries.
struct PreparedRequest: Sendable {
  let body: [UInt8]
  let samples: Int
}

/// All requests of a run, grouped by series chunk: `byChunk[c]` holds chunk c's requests in time
/// order. A sender must keep each chunk's order; chunks are independent.
struct RequestPlan: Sendable {
  var byChunk: [[PreparedRequest]]
  var seriesCount: Int
  var timestamps: Int
  var firstMs: Int64
  var lastMs: Int64

  var requestCount: Int { byChunk.reduce(0) { $0 + $1.count } }
  var sampleCount: Int { byChunk.reduce(0) { $0 + $1.reduce(0) { $0 + $1.samples } } }
  var bodyBytes: Int { byChunk.reduce(0) { $0 + $1.reduce(0) { $0 + $1.body.count } } }

  /// `seriesCount` series, `timestamps` samples each at `stepMs` ending at `endMs`, at most
  /// `samplesPerRequest` series per request, each with `samplesPerSeries` consecutive samples
  /// (Prometheus batches a series' samples the same way when it catches up).
  static func build(
    seriesCount: Int, timestamps: Int, stepMs: Int64, endMs: Int64, samplesPerRequest: Int, seed: UInt64,
    samplesPerSeries: Int = 1, histograms: Bool = false
  ) throws -> RequestPlan {
    var random = SeededRandom(state: seed)
    var series = NodeSeries.make(count: seriesCount, histograms: histograms, random: &random)
    let protoLabels: [[Prometheus_Label]] = series.map { one in
      one.labels.map { pair in
        var label = Prometheus_Label()
        label.name = pair.0
        label.value = pair.1
        return label
      }
    }
    let chunkStarts = Array(stride(from: 0, to: seriesCount, by: samplesPerRequest))
    var byChunk: [[PreparedRequest]] = Array(repeating: [], count: chunkStarts.count)
    let firstMs = endMs - Int64(timestamps - 1) * stepMs
    for firstStep in stride(from: 0, to: timestamps, by: samplesPerSeries) {
      let steps = firstStep..<min(firstStep + samplesPerSeries, timestamps)
      // Values of every series at each step of this request group, advanced in step order.
      var valuesByStep: [[Double]] = []
      for step in steps {
        if step > 0 { NodeSeries.advance(&series, random: &random) }
        valuesByStep.append(series.map(\.value))
      }
      for (chunk, start) in chunkStarts.enumerated() {
        let end = min(start + samplesPerRequest, seriesCount)
        var request = Prometheus_WriteRequest()
        request.timeseries.reserveCapacity(end - start)
        for index in start..<end {
          var timeSeries = Prometheus_TimeSeries()
          timeSeries.labels = protoLabels[index]
          timeSeries.samples = steps.enumerated().map { offset, step in
            var sample = Prometheus_Sample()
            sample.value = valuesByStep[offset][index]
            sample.timestamp = firstMs + Int64(step) * stepMs
            return sample
          }
          request.timeseries.append(timeSeries)
        }
        let encoded: [UInt8] = try request.serializedBytes()
        byChunk[chunk].append(PreparedRequest(body: Snappy.compress(encoded), samples: (end - start) * steps.count))
      }
    }
    return RequestPlan(
      byChunk: byChunk, seriesCount: seriesCount, timestamps: timestamps,
      firstMs: firstMs, lastMs: firstMs + Int64(timestamps - 1) * stepMs)
  }
}
