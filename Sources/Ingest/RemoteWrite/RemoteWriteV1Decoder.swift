// Remote write 1.0: `prometheus.WriteRequest` (shared/proto/prometheus/prompb) decoded straight
// into a SampleBatch. Field numbers follow types.proto and remote.proto:
//   WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
//                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }
import Codecs
import WardenCore

package enum RemoteWriteV1Decoder {
  /// Decodes an uncompressed `WriteRequest`.
  /// - Throws: `RemoteWriteError` naming the series and field at fault; nothing of a request with
  ///   any error is returned, so the caller stores all of it or none.
  package static func decode(_ bytes: [UInt8], limits: RemoteWriteLimits = .init()) throws(RemoteWriteError) -> RemoteWriteContent {
    let result: Result<RemoteWriteContent, RemoteWriteError> = bytes.withUnsafeBytes { buffer in
      var decoder = Walk(limits: limits)
      do throws(RemoteWriteError) {
        try decoder.request(buffer)
        return .success(decoder.content)
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// One decode: the request walked field by field.
  private struct Walk {
    let limits: RemoteWriteLimits
    var content = RemoteWriteContent()
    var labels: [Label] = []

    init(limits: RemoteWriteLimits) {
      self.limits = limits
      labels.reserveCapacity(16)
    }

    mutating func request(_ bytes: UnsafeRawBufferPointer) throws(RemoteWriteError) {
      var reader = ProtoWireReader(bytes, subject: "remote write request")
      var seriesIndex = 0
      while !reader.isAtEnd {
        let field = try wrap("") { () throws(CodecError) in try reader.readField() }
        if field.number == 1 {
          try wrap("timeseries[\(seriesIndex)]") { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "timeseries")
          }
          let body = try wrap("timeseries[\(seriesIndex)]") { () throws(CodecError) in try reader.readLengthDelimited() }
          guard seriesIndex < limits.maxSeries else {
            throw RemoteWriteError("the request has more than \(limits.maxSeries) series")
          }
          try series(body, index: seriesIndex)
          seriesIndex += 1
        } else {
          // Metadata (3) and anything newer: not stored here.
          try wrap("") { () throws(CodecError) in try reader.skip(field) }
        }
      }
    }

    private mutating func series(_ bytes: UnsafeRawBufferPointer, index: Int) throws(RemoteWriteError) {
      let path = "timeseries[\(index)]"
      var reader = ProtoWireReader(bytes, subject: "time series")
      labels.removeAll(keepingCapacity: true)
      // Samples go straight into the batch under the index this series will get; the series is
      // added after its labels are complete (fields may come in any order).
      let seriesIndex = Int32(content.batch.series.count)
      var sampleCount = 0
      while !reader.isAtEnd {
        let field = try wrap(path) { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1:
          let body = try wrap(path) { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "labels")
            return try reader.readLengthDelimited()
          }
          guard labels.count < limits.maxLabelsPerSeries else {
            throw RemoteWriteError("\(path): more than \(limits.maxLabelsPerSeries) labels")
          }
          labels.append(try label(body, path: "\(path).labels[\(labels.count)]"))
        case 2:
          let body = try wrap(path) { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "samples")
            return try reader.readLengthDelimited()
          }
          guard content.batch.samples.count < limits.maxSamples else {
            throw RemoteWriteError("the request has more than \(limits.maxSamples) samples")
          }
          let (timestamp, value) = try sample(body, path: "\(path).samples[\(sampleCount)]")
          content.batch.append(seriesIndex: seriesIndex, timestampMs: timestamp, value: value)
          sampleCount += 1
        case 3:
          try wrap(path) { () throws(CodecError) in try reader.skip(field) }
          content.exemplarsSkipped += 1
        case 4:
          try wrap(path) { () throws(CodecError) in try reader.skip(field) }
          content.histogramsSkipped += 1
        default:
          try wrap(path) { () throws(CodecError) in try reader.skip(field) }
        }
      }
      let labelSet = try labelSet(path: path)
      guard sampleCount > 0 else {
        content.seriesWithoutSamples += 1
        return
      }
      _ = content.batch.addSeries(labelSet)
    }

    private func label(_ bytes: UnsafeRawBufferPointer, path: String) throws(RemoteWriteError) -> Label {
      var reader = ProtoWireReader(bytes, subject: "label")
      var name = ""
      var value = ""
      while !reader.isAtEnd {
        let field = try wrap(path) { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1, 2:
          let text = try wrap(path) { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: field.number == 1 ? "name" : "value")
            return try reader.readString()
          }
          if field.number == 1 {
            guard text.utf8.count <= limits.maxLabelNameBytes else {
              throw RemoteWriteError("\(path): label name longer than \(limits.maxLabelNameBytes) bytes")
            }
            name = text
          } else {
            guard text.utf8.count <= limits.maxLabelValueBytes else {
              throw RemoteWriteError("\(path): value of label \"\(name)\" longer than \(limits.maxLabelValueBytes) bytes")
            }
            value = text
          }
        default:
          try wrap(path) { () throws(CodecError) in try reader.skip(field) }
        }
      }
      guard !name.isEmpty else { throw RemoteWriteError("\(path): empty label name") }
      return Label(name, value)
    }

    private func sample(_ bytes: UnsafeRawBufferPointer, path: String) throws(RemoteWriteError) -> (Int64, Double) {
      var reader = ProtoWireReader(bytes, subject: "sample")
      var value = 0.0
      var timestamp: Int64 = 0
      while !reader.isAtEnd {
        let field = try wrap(path) { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1:
          value = try wrap(path) { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.fixed64, name: "value")
            return try reader.readDouble()
          }
        case 2:
          timestamp = try wrap(path) { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.varint, name: "timestamp")
            return try reader.readInt64()
          }
        default:
          try wrap(path) { () throws(CodecError) in try reader.skip(field) }
        }
      }
      return (timestamp, value)
    }

    /// The series' labels as a `Labels`: senders send them sorted, so the common case only checks.
    private func labelSet(path: String) throws(RemoteWriteError) -> Labels {
      var sorted = true
      var hasEmptyValue = false
      for index in labels.indices {
        if labels[index].value.isEmpty { hasEmptyValue = true }
        if index > 0 && !(labels[index - 1].name < labels[index].name) { sorted = false }
      }
      var pairs = labels
      if !sorted {
        pairs.sort { $0.name < $1.name }
      }
      for index in pairs.indices.dropFirst() where pairs[index - 1].name == pairs[index].name {
        throw RemoteWriteError("\(path): duplicate label name \"\(pairs[index].name)\"")
      }
      if hasEmptyValue { pairs.removeAll { $0.value.isEmpty } }
      return Labels(sortedPairs: pairs)
    }
  }
}

/// Runs a codec step and names where it failed.
func wrap<T>(_ path: String, _ body: () throws(CodecError) -> T) throws(RemoteWriteError) -> T {
  do {
    return try body()
  } catch {
    throw RemoteWriteError(error, at: path)
  }
}
