// Decoding remote_write with the store at hand (`RemoteWriteV1Decoder.decode(_:known:)`): a series
// the store has comes by its handle, found by the hash of its label fields as sent and confirmed
// byte for byte, and the result is the same as a plain decode; label sets that differ in one byte,
// come in another order or leave a value empty are never confused. The store is the real one.
import Codecs
import Foundation
import Ingest
import Logging
import MetricStore
import SwiftProtobuf
import Testing
import WardenCore
import WardenTesting
import WireFormats

struct KnownSeriesDecodeTests {
  private func makeStore() throws -> (MetricStore, String) {
    let directory = NSTemporaryDirectory() + "known-series-\(UUID().uuidString)"
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return (try MetricStore(directory: directory, fsync: .everyBatch, logger: logger), directory)
  }

  @Test func seriesTheStoreHasComeByHandleWithTheSameResult() async throws {
    let (store, directory) = try makeStore()
    defer {
      store.close()
      try? FileManager.default.removeItem(atPath: directory)
    }
    let first = v1Request([
      (labels: [("__name__", "up"), ("instance", "host-a:9100"), ("job", "node")], samples: [(1, 1)]),
      (labels: [("__name__", "up"), ("instance", "host-b:9100"), ("job", "node")], samples: [(1, 0)]),
    ])
    let second = v1Request([
      (labels: [("__name__", "up"), ("instance", "host-b:9100"), ("job", "node")], samples: [(2, 1)]),
      (labels: [("__name__", "up"), ("instance", "host-c:9100"), ("job", "node")], samples: [(2, 1)]),
      (labels: [("__name__", "up"), ("instance", "host-a:9100"), ("job", "node")], samples: [(2, 5)]),
      (labels: [("__name__", "up"), ("job", "node"), ("instance", "host-d:9100")], samples: [(2, 7)]),
      (labels: [("__name__", "up"), ("instance", "host-a:9100"), ("job", "nodf")], samples: [(2, 5)]),
      (labels: [("__name__", "up"), ("empty", ""), ("instance", "host-a:9100"), ("job", "node")], samples: [(3, 6)]),
    ])
    var hits = 0
    for (round, request) in [first, second, first, second].enumerated() {
      let bytes: [UInt8] = try request.serializedBytes()
      let known = try RemoteWriteV1Decoder.decode(bytes, known: store)
      let plain = try decodeV1(bytes).get()
      #expect(rows(known.batch) == rows(plain.batch))
      let knownLabels = known.batch.series.indices.map { known.batch.labels(at: $0) }
      #expect(knownLabels == plain.batch.series)
      for (position, labels) in knownLabels.enumerated() where position < known.batch.storedHandles.count {
        if let handle = known.batch.storedHandles[position] {
          // A hit is the store's series for exactly these labels, with no label copy in the batch.
          #expect(handle.labels == labels)
          #expect(known.batch.series[position].isEmpty)
          hits += 1
        }
      }
      let report = try await store.append(known.batch)
      #expect(report.appended + report.duplicatesIgnored == known.batch.samples.count, "round \(round)")
    }
    // Round 1 finds an empty store; rounds 2 and 3: the two series of `first`; round 4: the four
    // of `second` whose wire labels are sorted and have no empty value (the other two are decoded
    // every time, and land in the same series all the same).
    #expect(hits == 0 + 2 + 2 + 4)
    // The empty value left out, the last series of `second` is host-a's of `first`.
    #expect(store.seriesCount == 5)
    // A bad series is still reported with its path when the store is at hand.
    let duplicate = v1Request([(labels: [("__name__", "x"), ("a", "1"), ("a", "2")], samples: [(1, 1)])])
    #expect(throws: RemoteWriteError("timeseries[0]: duplicate label name \"a\"")) {
      try RemoteWriteV1Decoder.decode(try duplicate.serializedBytes(), known: store)
    }
  }

  /// The hash of `Labels` is the hash of their canonical wire fields, for any lengths (one- and
  /// two-byte varints) and contents; changing a byte or a boundary changes it.
  @Test func labelsHashEqualsTheHashOfTheirWireFields() throws {
    var generator = SeededGenerator(seed: 0x7277_0003)
    let alphabet = Array("abcXYZ_09:é/").map(String.init)
    func text(_ length: Int) -> String {
      (0..<length).map { _ in alphabet[Int.random(in: 0..<alphabet.count, using: &generator)] }.joined()
    }
    for _ in 0..<500 {
      let count = Int.random(in: 1...8, using: &generator)
      let pairs = (0..<count).map { index in
        Label("n\(index)" + text(Int.random(in: 0...20, using: &generator)), text(Int.random(in: 1...(index == 0 ? 300 : 40), using: &generator)))
      }
      let labels = Labels(pairs)
      let fields: [[UInt8]] = try labels.pairs.map { label in
        var message = Prometheus_Label()
        message.name = label.name
        message.value = label.value
        return try message.serializedBytes()
      }
      let hash = withRawBuffers(fields) { LabelsWireHash.of(fields: $0) }
      #expect(LabelsWireHash.of(labels) == hash)
      var changed = fields
      let field = Int.random(in: 0..<changed.count, using: &generator)
      changed[field][changed[field].count - 1] &+= 1
      #expect(withRawBuffers(changed) { LabelsWireHash.of(fields: $0) } != hash)
    }
  }

  /// The inline comparison agrees with `==` on byte arrays around the 8-byte word size.
  @Test func byteComparison() {
    var generator = SeededGenerator(seed: 0x7277_0002)
    for count in 0..<40 {
      let a = (0..<count).map { _ in UInt8.random(in: 0...3, using: &generator) }
      for flip in -1..<count {
        var b = a
        if flip >= 0 { b[flip] &+= 1 }
        let equal = a.withUnsafeBytes { x in
          b.withUnsafeBytes { y in
            KnownSeriesMatch.equal(x.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, y.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!, count)
          }
        }
        #expect(equal == (a == b), "count \(count), flipped \(flip)")
      }
    }
  }

  private func withRawBuffers<Result>(_ arrays: [[UInt8]], _ body: (UnsafeBufferPointer<UnsafeRawBufferPointer>) -> Result) -> Result {
    let copies = arrays.map { bytes -> UnsafeMutableRawBufferPointer in
      let copy = UnsafeMutableRawBufferPointer.allocate(byteCount: bytes.count, alignment: 1)
      copy.copyBytes(from: bytes)
      return copy
    }
    defer { copies.forEach { $0.deallocate() } }
    return copies.map { UnsafeRawBufferPointer($0) }.withUnsafeBufferPointer(body)
  }
}
