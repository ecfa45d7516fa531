// The series-chunks records (WAL types 7 and 8, docs/format/metrics-wal.md), which checkpoints
// write (type 8 now, type 7 before version-4 blocks): frozen bytes of both, samples back bit for
// bit through the segment scanner (as a samples record), hostile payloads refused with an error,
// and a checkpoint that replays everything.
import Codecs
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

struct WALSeriesChunksTests {
  /// length | crc32c | type 7 | 1 series: id 7, chunk of 28 bytes: count 2, t0 (zigzag varint),
  /// Δ1 15 000 (zigzag varint), value mode 0 (bits), 1.0 XOR 0, the stale marker XOR 1.0.
  static let frozen =
    "0000001f" + "4dbb210a" + "07" + "01" + "07" + "1c"
    + "0002" + "80a0abfef962" + "b0ea01" + "00" + "3ff0000000000000" + "4000000000000002"
  /// Type 8, the same samples: chunk of 29 bytes in encoding 4: count, t0, Δ1, value mode 0,
  /// width 8, then the two XORed patterns as 8 planes of 2 bytes, the lowest byte first.
  static let frozenPlanes =
    "00000020" + "15e7653d" + "08" + "01" + "07" + "1d"
    + "0002" + "80a0abfef962" + "b0ea01" + "00" + "08" + "0002" + "0000" + "0000" + "0000" + "0000" + "0000" + "f000" + "3f40"

  /// The types of a segment's records, those inside compressed records in their place.
  private func innerRecordTypes(_ segment: [UInt8]) -> [WALRecordType] {
    let decompressor = WALGroupDecompressor()
    var types: [WALRecordType] = []
    func frames(_ bytes: [UInt8], open: Bool) {
      var offset = 0
      while offset + WALRecord.headerSize <= bytes.count {
        let length = bytes[offset..<offset + 4].reduce(0) { $0 << 8 | Int($1) }
        guard let type = WALRecordType(rawValue: bytes[offset + 8]), offset + WALRecord.headerSize + length <= bytes.count else { return }
        let payload = Array(bytes[offset + WALRecord.headerSize..<offset + WALRecord.headerSize + length])
        if open, type == .compressed || type == .chained {
          if let inner = payload.withUnsafeBytes({ try? decompressor.open(type, $0) }) { frames(inner, open: false) }
        } else {
          types.append(type)
        }
        offset += WALRecord.headerSize + length
      }
    }
    frames(segment, open: true)
    return types
  }

  private func samples(of record: [UInt8]) -> (samples: [WALSample], problem: String?) {
    var seen: [WALSample] = []
    let scan = WALSegmentScanner.scan(record) { type, payload in
      guard type == .samples else { return false }
      return (try? WALRecord.decodeSamples(payload, into: &seen)) != nil
    }
    return (seen, scan.problem)
  }

  @Test(arguments: [true, false])
  func writtenAsFrozenAndReadBackAsSamples(planes: Bool) {
    var record: [UInt8] = []
    WALSeriesChunks.append([(7, [1_700_000_000_000, 1_700_000_015_000], [1, .staleMarker])], planes: planes, to: &record)
    let frozen = planes ? Self.frozenPlanes : Self.frozen
    #expect(WALFormatGuardTests.hex(record) == frozen)
    let (read, problem) = samples(of: WALFormatGuardTests.bytes(frozen))
    #expect(problem == nil)
    #expect(read == WALFormatGuardTests.samples)
  }

  @Test(arguments: [true, false])
  func randomSeriesComeBackBitForBit(planes: Bool) {
    var random = SeededGenerator(seed: 11)
    let awkward: [Double] = [.nan, .staleMarker, .infinity, -.infinity, -0.0, 0, .leastNonzeroMagnitude, 1e300, 0.1]
    var runs: [(id: SeriesID, timestamps: [Int64], values: [Double])] = []
    var expected: [WALSample] = []
    for id in 0..<40 {
      let count = Int.random(in: 1...300, using: &random)
      var time = Int64.random(in: 0...2_000_000_000_000, using: &random)
      var run: (id: SeriesID, timestamps: [Int64], values: [Double]) = (SeriesID(id * 3), [], [])
      for index in 0..<count {
        time += Int64.random(in: -5...30_000, using: &random)
        let value: Double =
          switch id % 4 {
          case 0: Double(index) * 0.25
          case 1: Double(Int.random(in: 0...999_999, using: &random)) / 100
          case 2: awkward[Int.random(in: 0..<awkward.count, using: &random)]
          default: Double(bitPattern: random.next())
          }
        run.timestamps.append(time)
        run.values.append(value)
        expected.append(WALSample(seriesID: run.id, timestampMs: time, value: value))
      }
      runs.append(run)
    }
    var record: [UInt8] = []
    WALSeriesChunks.append(runs, planes: planes, to: &record)
    let (read, problem) = samples(of: record)
    #expect(problem == nil)
    #expect(read == expected)
  }

  @Test(arguments: [true, false])
  func hostilePayloadsAreRefusedWithAnError(planes: Bool) {
    let timestamps: [Int64] = (0..<50).map { Int64($0) * 15_000 }
    let values: [Double] = (0..<50).map { Double($0 * $0) / 8 }
    var runs: [(id: SeriesID, timestamps: [Int64], values: [Double])] = []
    for id in 1...20 { runs.append((SeriesID(id), timestamps, values)) }
    var valid: [UInt8] = []
    WALSeriesChunks.append(runs, planes: planes, to: &valid)
    let payload = Array(valid[WALRecord.headerSize...])
    var random = SeededGenerator(seed: 3)
    var refused = 0
    for trial in 0..<3000 {
      var damaged = payload
      if trial % 3 == 0 {
        damaged = (0..<Int(random.next() % 96)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
      } else {
        for _ in 0...(random.next() % 4) {
          damaged[Int(random.next() % UInt64(damaged.count))] = UInt8(truncatingIfNeeded: random.next())
        }
        if trial % 3 == 2 { damaged.removeLast(Int(random.next() % UInt64(damaged.count))) }
      }
      var samples: [WALSample] = []
      let result: Result<Void, CodecError> = damaged.withUnsafeBytes { bytes in
        do throws(CodecError) {
          try WALSeriesChunks.decode(bytes, planes: planes, into: &samples)
          return .success(())
        } catch {
          return .failure(error)
        }
      }
      if case .failure(let error) = result {
        refused += 1
        #expect(!error.description.isEmpty)
      }
      // Never more samples than bytes: a chunk's count is bounded by its length.
      #expect(samples.count <= damaged.count)
    }
    #expect(refused > 1000)
  }

  @Test func checkpointIsSeriesChunksAndReplaysEverything() async throws {
    let directory = temporaryStoreDirectory()
    let store = try makeStore(directory: directory)
    let names = (0..<30).map { labels(["__name__": "m", "i": "\($0)"]) }
    for round in 0..<200 {
      var batch = SampleBatch()
      for (number, series) in names.enumerated() {
        let value = number % 3 == 0 ? Double(round * number) / 100 : number % 3 == 1 ? Double(round) + 0.5 : Double(round)
        batch.append(series, timestampMs: Int64(round) * 15_000 + Int64(number % 2), value: value)
      }
      _ = try await store.append(batch)
    }
    let cut: Int64 = 100 * 15_000
    store.head.truncate(before: cut)
    try store.checkpointWAL(cutMs: cut)
    let checkpoint = try #require(try FileIO.list(store.walDirectory).first { $0.hasPrefix("checkpoint.") })
    let types = innerRecordTypes(try FileIO.read(store.walDirectory + "/" + checkpoint))
    #expect(types.contains(.seriesPlanes) && !types.contains(.seriesChunks))
    store.close()

    let reopened = try makeStore(directory: directory)
    let read = try reopened.select([matcher(.equal, "__name__", "m")], startMs: .min, endMs: .max)
    #expect(read.count == names.count)
    for series in read {
      let number = try #require(Int(series.labels["i"]))
      #expect(series.timestampsMs == (100..<200).map { Int64($0) * 15_000 + Int64(number % 2) })
      let expected = (100..<200).map {
        number % 3 == 0 ? Double($0 * number) / 100 : number % 3 == 1 ? Double($0) + 0.5 : Double($0)
      }
      #expect(series.values.map(\.bitPattern) == expected.map(\.bitPattern))
    }
    reopened.close()
  }
}
