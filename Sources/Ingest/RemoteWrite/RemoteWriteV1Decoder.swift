// Remote write 1.0: `prometheus.WriteRequest` (shared/proto/prometheus/prompb) decoded straight
// into a SampleBatch. Field numbers follow types.proto and remote.proto:
//   WriteRequest { repeated TimeSeries timeseries = 1; repeated MetricMetadata metadata = 3; }
//   TimeSeries   { repeated Label labels = 1; repeated Sample samples = 2;
//                  repeated Exemplar exemplars = 3; repeated Histogram histograms = 4; }
//   Label        { string name = 1; string value = 2; }
//   Sample       { double value = 1; int64 timestamp = 2; }
// The walk keeps only indexes of where it is; the path in an error ("timeseries[3].labels[1]")
// is written when an error happens, never per series or sample.
import Codecs
package import WardenCore

package enum RemoteWriteV1Decoder {
  /// Decodes an uncompressed `WriteRequest`.
  /// - Throws: `RemoteWriteError` naming the series and field at fault; nothing of a request with
  ///   any error is returned, so the caller stores all of it or none.
  /// - Parameter known: the store the batch is for, or nil. With it, a series the store has is
  ///   found by the hash of its label fields as sent (`LabelsWireHash`), confirmed byte for byte
  ///   (`KnownSeriesMatch`), and added by the store's handle alone: its labels are not decoded.
  package static func decode(
    _ bytes: [UInt8], limits: RemoteWriteLimits = .init(), known: (any SeriesLookup)? = nil
  ) throws(RemoteWriteError) -> RemoteWriteContent {
    let result: Result<RemoteWriteContent, RemoteWriteError> = bytes.withUnsafeBytes { buffer in
      var walk = Walk(limits: limits)
      do throws(Failure) {
        try walk.request(buffer, known: known)
        return .success(walk.content)
      } catch {
        return .failure(walk.error(error))
      }
    }
    return try result.get()
  }

  /// What went wrong; the path is added from the walk's position.
  fileprivate enum Failure: Error {
    case codec(CodecError)
    /// A message about the current series (or label, when `inLabel`).
    case series(String, inLabel: Bool)
    /// A message about the whole request.
    case request(String)
  }

  /// One decode: the request walked field by field.
  private struct Walk {
    let limits: RemoteWriteLimits
    var content = RemoteWriteContent()
    var labels: [Label] = []
    var interner = StringInterner()
    /// The current series' label fields, decoded only when the store does not know them.
    var labelFields: [UnsafeRawBufferPointer] = []
    /// Where the walk is, for error paths: series index, and label or sample index within it.
    var seriesIndex = -1
    var labelIndex = -1
    var sampleIndex = -1

    init(limits: RemoteWriteLimits) {
      self.limits = limits
      labels.reserveCapacity(16)
      labelFields.reserveCapacity(16)
    }

    func error(_ failure: Failure) -> RemoteWriteError {
      var path = ""
      if seriesIndex >= 0 {
        path = "timeseries[\(seriesIndex)]"
        if labelIndex >= 0 { path += ".labels[\(labelIndex)]" } else if sampleIndex >= 0 { path += ".samples[\(sampleIndex)]" }
      }
      switch failure {
      case .codec(let error): return RemoteWriteError(error, at: path)
      case .series(let message, let inLabel):
        let seriesPath = seriesIndex >= 0 ? "timeseries[\(seriesIndex)]" : ""
        return RemoteWriteError("\(inLabel ? path : seriesPath): \(message)")
      case .request(let message): return RemoteWriteError(message)
      }
    }

    /// `known` is passed down, not kept in the walk: a parameter is borrowed, while a copy read
    /// from the walk's storage would retain the store, an atomic shared by every receiving
    /// thread, for each series.
    mutating func request(_ bytes: UnsafeRawBufferPointer, known: (any SeriesLookup)?) throws(Failure) {
      var reader = ProtoWireReader(bytes, subject: "remote write request")
      while !reader.isAtEnd {
        let field = try codec { () throws(CodecError) in try reader.readField() }
        if field.number == 1 {
          seriesIndex += 1
          labelIndex = -1
          sampleIndex = -1
          guard seriesIndex < limits.maxSeries else {
            throw .request("the request has more than \(limits.maxSeries) series")
          }
          let body = try codec { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "timeseries")
            return try reader.readLengthDelimited()
          }
          try series(body, known: known)
        } else {
          // Metadata (3) and anything newer: not stored here.
          try codec { () throws(CodecError) in try reader.skip(field) }
        }
      }
    }

    private mutating func series(_ bytes: UnsafeRawBufferPointer, known: (any SeriesLookup)?) throws(Failure) {
      var reader = ProtoWireReader(bytes, subject: "time series")
      labels.removeAll(keepingCapacity: true)
      labelFields.removeAll(keepingCapacity: true)
      // Samples go straight into the batch under the index this series will get; the series is
      // added after its labels are complete (fields may come in any order).
      let batchIndex = Int32(content.batch.series.count)
      var sampleCount = 0
      while !reader.isAtEnd {
        labelIndex = -1
        sampleIndex = -1
        let field = try codec { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1:
          let body = try codec { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "labels")
            return try reader.readLengthDelimited()
          }
          guard labelFields.count < limits.maxLabelsPerSeries else {
            throw .series("more than \(limits.maxLabelsPerSeries) labels", inLabel: false)
          }
          labelFields.append(body)
        case 2:
          let body = try codec { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "samples")
            return try reader.readLengthDelimited()
          }
          guard content.batch.samples.count < limits.maxSamples else {
            throw .request("the request has more than \(limits.maxSamples) samples")
          }
          sampleIndex = sampleCount
          let (timestamp, value) = try sample(body)
          content.batch.append(seriesIndex: batchIndex, timestampMs: timestamp, value: value)
          sampleCount += 1
        case 3:
          try codec { () throws(CodecError) in try reader.skip(field) }
          content.exemplarsSkipped += 1
        case 4:
          try codec { () throws(CodecError) in try reader.skip(field) }
          content.histogramsSkipped += 1
        default:
          try codec { () throws(CodecError) in try reader.skip(field) }
        }
      }
      sampleIndex = -1
      if known != nil, let series = known?.series(labelsHash: labelFields.withUnsafeBufferPointer(LabelsWireHash.of(fields:))),
        labelFields.withUnsafeBufferPointer({ KnownSeriesMatch.matches(series, fields: $0) })
      {
        guard sampleCount > 0 else {
          content.seriesWithoutSamples += 1
          return
        }
        _ = content.batch.addSeries(storedAs: series)
        return
      }
      for (index, field) in labelFields.enumerated() {
        labelIndex = index
        labels.append(try label(field))
      }
      labelIndex = -1
      let labelSet = try self.labelSet()
      guard sampleCount > 0 else {
        content.seriesWithoutSamples += 1
        return
      }
      _ = content.batch.addSeries(labelSet)
    }

    private mutating func label(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> Label {
      var reader = ProtoWireReader(bytes, subject: "label")
      var name = ""
      var value = ""
      while !reader.isAtEnd {
        let field = try codec { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1:
          try codec { () throws(CodecError) in try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "name") }
          do {
            name = try reader.readString(interning: &interner)
          } catch {
            throw .codec(error)
          }
          guard name.utf8.count <= limits.maxLabelNameBytes else {
            throw .series("label name longer than \(limits.maxLabelNameBytes) bytes", inLabel: true)
          }
        case 2:
          try codec { () throws(CodecError) in try reader.expect(field, wireType: ProtoField.lengthDelimited, name: "value") }
          do {
            value = try reader.readString(interning: &interner)
          } catch {
            throw .codec(error)
          }
          guard value.utf8.count <= limits.maxLabelValueBytes else {
            throw .series("value of label \"\(name)\" longer than \(limits.maxLabelValueBytes) bytes", inLabel: true)
          }
        default:
          try codec { () throws(CodecError) in try reader.skip(field) }
        }
      }
      guard !name.isEmpty else { throw .series("empty label name", inLabel: true) }
      return Label(name, value)
    }

    private func sample(_ bytes: UnsafeRawBufferPointer) throws(Failure) -> (Int64, Double) {
      var reader = ProtoWireReader(bytes, subject: "sample")
      var value = 0.0
      var timestamp: Int64 = 0
      while !reader.isAtEnd {
        let field = try codec { () throws(CodecError) in try reader.readField() }
        switch field.number {
        case 1:
          value = try codec { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.fixed64, name: "value")
            return try reader.readDouble()
          }
        case 2:
          timestamp = try codec { () throws(CodecError) in
            try reader.expect(field, wireType: ProtoField.varint, name: "timestamp")
            return try reader.readInt64()
          }
        default:
          try codec { () throws(CodecError) in try reader.skip(field) }
        }
      }
      return (timestamp, value)
    }

    /// The series' labels as a `Labels`: senders send them sorted, so the common case only checks.
    private func labelSet() throws(Failure) -> Labels {
      var sorted = true
      var hasEmptyValue = false
      for index in labels.indices {
        if labels[index].value.isEmpty { hasEmptyValue = true }
        if index > 0 && !(labels[index - 1].name < labels[index].name) { sorted = false }
      }
      if sorted && !hasEmptyValue { return Labels(sortedPairs: labels) }
      var pairs = labels
      if !sorted {
        pairs.sort { $0.name < $1.name }
      }
      for index in pairs.indices.dropFirst() where pairs[index - 1].name == pairs[index].name {
        throw .series("duplicate label name \"\(pairs[index].name)\"", inLabel: false)
      }
      if hasEmptyValue { pairs.removeAll { $0.value.isEmpty } }
      return Labels(sortedPairs: pairs)
    }
  }
}

/// Runs a codec step, turning its error into the walk's failure. Always inlined, so the closure
/// costs nothing on the per-field path.
@inline(__always)
private func codec<T>(_ body: () throws(CodecError) -> T) throws(RemoteWriteV1Decoder.Failure) -> T {
  do {
    return try body()
  } catch {
    throw .codec(error)
  }
}
