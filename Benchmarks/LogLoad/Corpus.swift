// Reads a corpus written by bench/log_corpus.py into memory: every source's raw lines (one buffer
// with line ends), their timestamps and stream indices, and the streams' labels. The loaders walk
// it in time order across sources, as a log shipper on each host would send it.
import Foundation

/// The part of manifest.json the loader needs.
struct CorpusManifest: Decodable {
  struct Source: Decodable {
    let file: String
    let lines: Int
    let bytes: Int
  }
  let streams: [[String: String]]
  let sources: [String: Source]
  let start_ns: Int64
  let end_ns: Int64
}

/// One source's lines: `bytes[lineStarts[i]..<lineStarts[i] + lineLengths[i]]` is line i (no newline).
struct CorpusSource: Sendable {
  let name: String
  let bytes: [UInt8]
  let lineStarts: [Int]
  let lineLengths: [Int32]
  let timestampsNs: [Int64]
  let streams: [UInt16]
}

struct CorpusError: Error, CustomStringConvertible {
  let description: String
}

struct Corpus: Sendable {
  /// Stream labels by index, sorted by name.
  let streamLabels: [[(name: String, value: String)]]
  let sources: [CorpusSource]

  var lineCount: Int { sources.reduce(0) { $0 + $1.timestampsNs.count } }
  var lineBytes: Int { sources.reduce(0) { total, source in total + source.lineLengths.reduce(0) { $0 + Int($1) } } }

  static let sourceOrder = ["syslog", "nginx", "app"]

  static func load(directory: String) throws -> Corpus {
    let manifestData = try Data(contentsOf: URL(fileURLWithPath: "\(directory)/manifest.json"))
    let manifest = try JSONDecoder().decode(CorpusManifest.self, from: manifestData)
    let labels = manifest.streams.map { labels in labels.sorted { $0.key < $1.key }.map { (name: $0.key, value: $0.value) } }
    var sources: [CorpusSource] = []
    for name in sourceOrder {
      guard let entry = manifest.sources[name] else { continue }
      let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: "\(directory)/\(entry.file)")))
      let (starts, lengths) = splitLines(bytes)
      let timestamps: [Int64] = try readArray(path: "\(directory)/\(name).ts")
      let streams: [UInt16] = try readArray(path: "\(directory)/\(name).stream")
      guard starts.count == timestamps.count, starts.count == streams.count else {
        throw CorpusError(description: "\(name): \(starts.count) lines but \(timestamps.count) timestamps and \(streams.count) stream indices")
      }
      if let bad = streams.first(where: { Int($0) >= labels.count }) {
        throw CorpusError(description: "\(name): stream index \(bad) outside the manifest's \(labels.count) streams")
      }
      sources.append(
        CorpusSource(name: name, bytes: bytes, lineStarts: starts, lineLengths: lengths, timestampsNs: timestamps, streams: streams))
    }
    return Corpus(streamLabels: labels, sources: sources)
  }

  /// Visits every line of every source in timestamp order (a k-way merge; sources are each sorted).
  func forEachInTimeOrder(_ body: (_ source: Int, _ line: Int) -> Void) {
    var next = Array(repeating: 0, count: sources.count)
    while true {
      var best = -1
      var bestTime = Int64.max
      for index in sources.indices where next[index] < sources[index].timestampsNs.count {
        let time = sources[index].timestampsNs[next[index]]
        if time < bestTime {
          bestTime = time
          best = index
        }
      }
      if best < 0 { return }
      body(best, next[best])
      next[best] += 1
    }
  }

  private static func splitLines(_ bytes: [UInt8]) -> ([Int], [Int32]) {
    var starts: [Int] = []
    var lengths: [Int32] = []
    starts.reserveCapacity(bytes.count / 100)
    lengths.reserveCapacity(bytes.count / 100)
    bytes.withUnsafeBufferPointer { buffer in
      var start = 0
      for index in 0..<buffer.count where buffer[index] == UInt8(ascii: "\n") {
        starts.append(start)
        lengths.append(Int32(index - start))
        start = index + 1
      }
      if start < buffer.count {
        starts.append(start)
        lengths.append(Int32(buffer.count - start))
      }
    }
    return (starts, lengths)
  }

  private static func readArray<T: FixedWidthInteger>(path: String) throws -> [T] {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    guard data.count % MemoryLayout<T>.size == 0 else {
      throw CorpusError(description: "\(path): \(data.count) bytes is not a whole number of \(MemoryLayout<T>.size)-byte values")
    }
    var values = [T](repeating: 0, count: data.count / MemoryLayout<T>.size)
    _ = values.withUnsafeMutableBytes { target in data.copyBytes(to: target.bindMemory(to: UInt8.self)) }
    return values.map { T(littleEndian: $0) }
  }
}
