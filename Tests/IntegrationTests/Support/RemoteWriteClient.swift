// Builds remote write 1.0 requests the way Prometheus sends them (generated protobuf types,
// snappy block, the spec's headers) and posts them to a running Warden.
import Codecs
import Foundation
import SwiftProtobuf
import WireFormats

enum RemoteWriteClient {
  static let headers = [
    "Content-Type": "application/x-protobuf", "Content-Encoding": "snappy",
    "X-Prometheus-Remote-Write-Version": "0.1.0",
  ]

  /// One series per entry: labels (sorted by the caller) and (ms, value) samples.
  static func body(_ series: [(labels: [(String, String)], samples: [(Int64, Double)])]) throws -> Data {
    var request = Prometheus_WriteRequest()
    request.timeseries = series.map { entry in
      var timeSeries = Prometheus_TimeSeries()
      timeSeries.labels = entry.labels.map { pair in
        var label = Prometheus_Label()
        label.name = pair.0
        label.value = pair.1
        return label
      }
      timeSeries.samples = entry.samples.map { pair in
        var sample = Prometheus_Sample()
        sample.timestamp = pair.0
        sample.value = pair.1
        return sample
      }
      return timeSeries
    }
    let bytes: [UInt8] = try request.serializedBytes()
    return Data(Snappy.compress(bytes))
  }

  static func post(_ server: ServerProcess, body: Data, headers: [String: String] = headers) async throws -> HTTPResult {
    try await server.send("/api/v1/write", method: "POST", body: body, headers: headers)
  }
}
