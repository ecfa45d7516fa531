// What is wrong with a remote_write body, said so that the sender's log tells the operator which
// series and field broke: "timeseries[12].labels[3]: duplicate label name \"job\"". Every such
// error is permanent for the sender (HTTP 400: it must not retry the same bytes).
import Codecs
package import WardenCore

package struct RemoteWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  package var message: String

  package init(_ message: String) {
    self.message = message
  }

  init(_ error: CodecError, at path: String) {
    message = path.isEmpty ? error.message : "\(path): \(error.message)"
  }

  package var description: String { message }
}

/// Bounds on one remote_write request, so one sender cannot make a request use unbounded memory.
package struct RemoteWriteLimits: Sendable, Equatable {
  package var maxSeries: Int
  package var maxSamples: Int
  package var maxLabelsPerSeries: Int
  package var maxLabelNameBytes: Int
  package var maxLabelValueBytes: Int

  package init(
    maxSeries: Int = 1_000_000, maxSamples: Int = 10_000_000, maxLabelsPerSeries: Int = 128,
    maxLabelNameBytes: Int = 1024, maxLabelValueBytes: Int = 64 << 10
  ) {
    self.maxSeries = maxSeries
    self.maxSamples = maxSamples
    self.maxLabelsPerSeries = maxLabelsPerSeries
    self.maxLabelNameBytes = maxLabelNameBytes
    self.maxLabelValueBytes = maxLabelValueBytes
  }
}

/// A decoded request: the samples to store and what was carried but cannot be stored.
package struct RemoteWriteContent: Sendable {
  package var batch = SampleBatch()
  /// Native histogram samples (the float store keeps classic histograms only).
  package var histogramsSkipped = 0
  package var exemplarsSkipped = 0
  /// Series that carried no samples (only histograms, exemplars or nothing).
  package var seriesWithoutSamples = 0

  package init() {}
}
