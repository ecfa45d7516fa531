// Hostile bytes for every decoder of the store: WAL records, blocks, segment files and the
// tombstones file, mutated at random, must give a clear error or a valid result, never a crash.
import Codecs
import Foundation
@testable import LogStore
import Testing
import WardenCore
import WardenTesting

@Suite struct LogStoreDecoderFuzzTests {
  private func sampleBatch() -> LogBatch {
    var batch = LogBatch()
    for n in 0..<30 {
      batch.append(
        stream: streamLabels(["job": "fuzz", "n": "\(n % 3)"]), timestampNs: baseNs + Int64(n * 7 % 11), line: "line \(n) payload",
        metadata: n % 4 == 0 ? [LogField("trace_id", "t\(n)")] : [])
    }
    return batch
  }

  private func mutate(_ bytes: [UInt8], _ generator: inout SeededGenerator) -> [UInt8] {
    var copy = bytes
    switch Int.random(in: 0..<3, using: &generator) {
    case 0:
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        copy[Int.random(in: 0..<copy.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
      }
    case 1: copy.removeLast(Int.random(in: 1...copy.count, using: &generator))
    default: copy.insert(contentsOf: (0..<Int.random(in: 1...9, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }, at: Int.random(in: 0...copy.count, using: &generator))
    }
    return copy
  }

  @Test func walRecordsRoundTripAndRejectMutations() {
    let batch = sampleBatch()
    var bytes: [UInt8] = []
    LogWALRecord.appendEntries(streams: batch.streams, lines: batch.records, ordinals: batch.streamOrdinals, to: &bytes)
    var decoded: [LogBatch] = []
    let clean = LogWALReplay.scan(bytes) { payload in
      var one = LogBatch()
      do throws(CodecError) {
        try LogWALRecord.decodeEntries(payload, into: &one)
      } catch {
        return error.message
      }
      decoded.append(one)
      return nil
    }
    #expect(clean.problem == nil && clean.validLength == bytes.count)
    #expect(decoded == [batch])

    var generator = SeededGenerator(seed: 11)
    for _ in 0..<2000 {
      let mutated = mutate(bytes, &generator)
      let result = LogWALReplay.scan(mutated) { payload in
        var one = LogBatch()
        do throws(CodecError) {
          try LogWALRecord.decodeEntries(payload, into: &one)
        } catch {
          return error.message
        }
        return nil
      }
      #expect(result.validLength <= mutated.count)
      if result.validLength < mutated.count { #expect(result.problem != nil) }
    }
  }

  @Test func blocksRejectMutations() throws {
    let batch = sampleBatch()
    let block = LogBlockCodec.seal(batch.records, order: StreamHead.timeOrder(batch.records), level: 3)
    let clean = try block.compressed.withUnsafeBytes { try LogBlockCodec.decode($0, info: block.info, startNs: .min, endNs: .max) }
    #expect(clean.count == batch.count)
    var generator = SeededGenerator(seed: 12)
    var rejected = 0
    for _ in 0..<1000 {
      let mutated = mutate(block.compressed, &generator)
      var info = block.info
      // Half the time the index agrees with the damaged bytes, so the payload parser is reached.
      if Bool.random(using: &generator) {
        info.compressedBytes = mutated.count
        info.crc = CRC32C.checksum(mutated)
      }
      let outcome = mutated.withUnsafeBytes { bytes in Result { try LogBlockCodec.decode(bytes, info: info, startNs: .min, endNs: .max) } }
      if case .failure(let error) = outcome {
        #expect(error is CodecError)
        rejected += 1
      }
    }
    #expect(rejected > 900)
  }

  @Test func segmentsRejectMutations() throws {
    let batch = sampleBatch()
    let block = LogBlockCodec.seal(batch.records, order: StreamHead.timeOrder(batch.records), level: 3)
    let file = LogSegmentWriter.encode(
      generation: 3, streams: [LogSegmentWriter.Stream(labels: streamLabels(["job": "fuzz"]), blocks: [block, block])],
      appliedTombstones: [4, 9])
    let parsed = try file.withUnsafeBytes { try LogSegment.parse($0) }
    #expect(parsed.generation == 3 && parsed.streams.count == 1 && parsed.streams[0].blocks.count == 2)
    #expect(parsed.appliedTombstones == [4, 9])
    var generator = SeededGenerator(seed: 13)
    for _ in 0..<2000 {
      let mutated = mutate(file, &generator)
      if mutated == file { continue }
      let outcome = mutated.withUnsafeBytes { bytes in Result { try LogSegment.parse(bytes) } }
      // Every mutation is caught by a checksum, a bound or the magic.
      #expect(throws: CodecError.self) { try outcome.get() }
    }
  }

  @Test func tombstoneFilesRoundTripAndRejectMutations() throws {
    let tombstones = [
      LogTombstone(id: 1, generation: 5, matchers: [matcher(.equal, "job", "a"), matcher(.regexMatch, "env", "p.*")], startNs: -5, endNs: 99),
      LogTombstone(id: 2, generation: 6, matchers: [matcher(.notEqual, "job", "")], startNs: 0, endNs: 0),
    ]
    let bytes = LogTombstoneFile.encode(tombstones)
    #expect(try LogTombstoneFile.decode(bytes) == tombstones)
    var generator = SeededGenerator(seed: 14)
    for _ in 0..<2000 {
      let mutated = mutate(bytes, &generator)
      if mutated == bytes { continue }
      #expect(throws: CodecError.self) { try LogTombstoneFile.decode(mutated) }
    }
  }
}
