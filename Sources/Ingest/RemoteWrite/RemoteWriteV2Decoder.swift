// Remote write 2.0 (`io.prometheus.write.v2.Request`): labels are pairs of references into the
// request's string table, whose entry 0 must be "". Decoded through the generated SwiftProtobuf
// types: 2.0 senders are rarer than 1.0 ones and the string table already avoids repeated text.
import Codecs
import SwiftProtobuf
import WardenCore
import WireFormats

package enum RemoteWriteV2Decoder {
  /// Decodes an uncompressed v2 `Request`.
  /// - Throws: `RemoteWriteError` naming the series and field at fault; nothing of a request with
  ///   any error is returned.
  package static func decode(_ bytes: [UInt8], limits: RemoteWriteLimits = .init()) throws(RemoteWriteError) -> RemoteWriteContent {
    let request: Io_Prometheus_Write_V2_Request
    do {
      request = try Io_Prometheus_Write_V2_Request(serializedBytes: bytes)
    } catch {
      throw RemoteWriteError("cannot decode remote write 2.0 request: \(error)")
    }
    let symbols = request.symbols
    if let first = symbols.first, !first.isEmpty {
      throw RemoteWriteError("symbols[0] must be the empty string, got \"\(first)\"")
    }
    guard request.timeseries.count <= limits.maxSeries else {
      throw RemoteWriteError("the request has more than \(limits.maxSeries) series")
    }
    var content = RemoteWriteContent()
    var pairs: [Label] = []
    for (index, series) in request.timeseries.enumerated() {
      let path = "timeseries[\(index)]"
      let refs = series.labelsRefs
      guard refs.count % 2 == 0 else { throw RemoteWriteError("\(path): labels_refs has an odd length \(refs.count)") }
      guard refs.count / 2 <= limits.maxLabelsPerSeries else {
        throw RemoteWriteError("\(path): more than \(limits.maxLabelsPerSeries) labels")
      }
      pairs.removeAll(keepingCapacity: true)
      for pair in stride(from: 0, to: refs.count, by: 2) {
        let nameRef = Int(refs[pair])
        let valueRef = Int(refs[pair + 1])
        guard nameRef < symbols.count, valueRef < symbols.count else {
          throw RemoteWriteError("\(path): labels_refs[\(pair)] points past the \(symbols.count) symbols")
        }
        let name = symbols[nameRef]
        let value = symbols[valueRef]
        guard !name.isEmpty else { throw RemoteWriteError("\(path): empty label name") }
        guard name.utf8.count <= limits.maxLabelNameBytes else {
          throw RemoteWriteError("\(path): label name longer than \(limits.maxLabelNameBytes) bytes")
        }
        guard value.utf8.count <= limits.maxLabelValueBytes else {
          throw RemoteWriteError("\(path): value of label \"\(name)\" longer than \(limits.maxLabelValueBytes) bytes")
        }
        if !value.isEmpty { pairs.append(Label(name, value)) }
      }
      pairs.sort { $0.name < $1.name }
      for position in pairs.indices.dropFirst() where pairs[position - 1].name == pairs[position].name {
        throw RemoteWriteError("\(path): duplicate label name \"\(pairs[position].name)\"")
      }
      content.histogramsSkipped += series.histograms.count
      content.exemplarsSkipped += series.exemplars.count
      guard !series.samples.isEmpty else {
        content.seriesWithoutSamples += 1
        continue
      }
      guard content.batch.samples.count + series.samples.count <= limits.maxSamples else {
        throw RemoteWriteError("the request has more than \(limits.maxSamples) samples")
      }
      let seriesIndex = content.batch.addSeries(Labels(sortedPairs: pairs))
      for sample in series.samples {
        content.batch.append(seriesIndex: seriesIndex, timestampMs: sample.timestamp, value: sample.value)
      }
    }
    return content
  }
}
