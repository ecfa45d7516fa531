// Builds every Loki push request (logproto.PushRequest, protobuf then snappy) before any is sent,
// so the timed part measures only the receiver. Streams are split over the workers (stream index
// modulo the worker count) and each worker's requests are cut from the corpus in time order, so
// every stream reaches the receiver in order whatever the concurrency, as with one shipper per
// host. A request holds about `requestBytes` of raw line bytes, grouped by stream.
import Codecs

struct PushRequestBody: Sendable {
  let body: [UInt8]
  let lines: Int
  let lineBytes: Int
}

struct PushPlan: Sendable {
  /// `byWorker[w]` is worker w's requests, to be sent one after the other.
  let byWorker: [[PushRequestBody]]

  var requestCount: Int { byWorker.reduce(0) { $0 + $1.count } }
  var lines: Int { byWorker.reduce(0) { $0 + $1.reduce(0) { $0 + $1.lines } } }
  var lineBytes: Int { byWorker.reduce(0) { $0 + $1.reduce(0) { $0 + $1.lineBytes } } }
  var bodyBytes: Int { byWorker.reduce(0) { $0 + $1.reduce(0) { $0 + $1.body.count } } }

  static func build(corpus: Corpus, workers: Int, requestBytes: Int) -> PushPlan {
    let labelStrings = corpus.streamLabels.map { Array(lokiSelector($0).utf8) }
    var pending = Array(repeating: PendingRequest(), count: workers)
    var byWorker: [[PushRequestBody]] = Array(repeating: [], count: workers)
    corpus.forEachInTimeOrder { source, line in
      let stream = Int(corpus.sources[source].streams[line])
      let worker = stream % workers
      pending[worker].add(stream: stream, source: source, line: line, bytes: Int(corpus.sources[source].lineLengths[line]))
      if pending[worker].lineBytes >= requestBytes {
        byWorker[worker].append(pending[worker].encode(corpus: corpus, labelStrings: labelStrings))
        pending[worker] = PendingRequest()
      }
    }
    for worker in 0..<workers where pending[worker].lines > 0 {
      byWorker[worker].append(pending[worker].encode(corpus: corpus, labelStrings: labelStrings))
    }
    return PushPlan(byWorker: byWorker)
  }

  /// `{host="web-01", job="nginx"}`: the stream's labels in Loki's push form.
  static func lokiSelector(_ labels: [(name: String, value: String)]) -> String {
    let pairs = labels.map { label in
      var escaped = ""
      for character in label.value {
        switch character {
        case "\\": escaped += "\\\\"
        case "\"": escaped += "\\\""
        case "\n": escaped += "\\n"
        default: escaped.append(character)
        }
      }
      return "\(label.name)=\"\(escaped)\""
    }
    return "{" + pairs.joined(separator: ", ") + "}"
  }
}

/// The lines gathered for one request, by stream in order of first appearance.
private struct PendingRequest {
  var streamOrder: [Int] = []
  var entries: [Int: [(source: Int32, line: Int32)]] = [:]
  var lines = 0
  var lineBytes = 0

  mutating func add(stream: Int, source: Int, line: Int, bytes: Int) {
    if entries[stream] == nil {
      streamOrder.append(stream)
      entries[stream] = []
    }
    entries[stream]!.append((Int32(source), Int32(line)))
    lines += 1
    lineBytes += bytes
  }

  func encode(corpus: Corpus, labelStrings: [[UInt8]]) -> PushRequestBody {
    typealias W = ProtobufWriter
    // Sizes first: each entry, then each stream, then the whole request.
    var streamSizes: [Int] = []
    var total = 0
    for stream in streamOrder {
      var size = W.delimitedSize(labelStrings[stream].count)
      for entry in entries[stream]! {
        size += W.delimitedSize(entrySize(corpus: corpus, entry))
      }
      streamSizes.append(size)
      total += W.delimitedSize(size)
    }
    var out: [UInt8] = []
    out.reserveCapacity(total)
    for (position, stream) in streamOrder.enumerated() {
      W.appendDelimitedHeader(field: 1, length: streamSizes[position], to: &out)
      W.appendDelimitedHeader(field: 1, length: labelStrings[stream].count, to: &out)
      out.append(contentsOf: labelStrings[stream])
      for entry in entries[stream]! {
        let source = corpus.sources[Int(entry.source)]
        let line = Int(entry.line)
        let (seconds, nanos) = split(source.timestampsNs[line])
        W.appendDelimitedHeader(field: 2, length: entrySize(corpus: corpus, entry), to: &out)
        W.appendDelimitedHeader(field: 1, length: timestampSize(seconds, nanos), to: &out)
        if seconds != 0 {
          out.append(W.tag(1, 0))
          W.appendVarint(UInt64(bitPattern: seconds), to: &out)
        }
        if nanos != 0 {
          out.append(W.tag(2, 0))
          W.appendVarint(UInt64(nanos), to: &out)
        }
        let start = source.lineStarts[line]
        let length = Int(source.lineLengths[line])
        W.appendDelimitedHeader(field: 2, length: length, to: &out)
        out.append(contentsOf: source.bytes[start..<start + length])
      }
    }
    precondition(out.count == total, "push request size computed as \(total), written \(out.count)")
    return PushRequestBody(body: Snappy.compress(out), lines: lines, lineBytes: lineBytes)
  }

  private func split(_ ns: Int64) -> (Int64, Int64) {
    (ns / 1_000_000_000, ns % 1_000_000_000)
  }

  private func timestampSize(_ seconds: Int64, _ nanos: Int64) -> Int {
    (seconds != 0 ? 1 + ProtobufWriter.varintSize(UInt64(bitPattern: seconds)) : 0)
      + (nanos != 0 ? 1 + ProtobufWriter.varintSize(UInt64(nanos)) : 0)
  }

  private func entrySize(corpus: Corpus, _ entry: (source: Int32, line: Int32)) -> Int {
    let source = corpus.sources[Int(entry.source)]
    let (seconds, nanos) = split(source.timestampsNs[Int(entry.line)])
    return ProtobufWriter.delimitedSize(timestampSize(seconds, nanos))
      + ProtobufWriter.delimitedSize(Int(source.lineLengths[Int(entry.line)]))
  }
}
