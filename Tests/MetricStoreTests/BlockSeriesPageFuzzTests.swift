// Hostile version-3 series sections: bytes of the paged series section changed and its CRC32C
// recomputed (so only the page decoder stands between them and a read), every result either
// the right data or a `.corrupt` error, never a trap or an unbounded allocation.
import Codecs
import Foundation
@testable import MetricStore
import Testing
import WardenCore
import WardenTesting

struct BlockSeriesPageFuzzTests {
  @Test func mutatedPagesWithMatchingChecksumsFailCleanly() throws {
    let blocks = temporaryStoreDirectory() + "/blocks"
    let series = (0..<300).map { number in
      BlockSeries(
        labels: labels(["__name__": "m", "i": String(format: "%03d", number)]),
        chunks: [BlockChunk(minTimeMs: 0, maxTimeMs: 0, bytes: DecimalChunkEncoder.encode(timestamps: [0], values: [Double(number)]), encoding: .decimal)])
    }
    let meta = try BlockWriter.write(series, minTimeMs: 0, maxTimeMs: 1, level: 1, sources: [], into: blocks)
    let indexPath = blocks + "/" + meta.id + "/index"
    let pristine = try FileIO.read(indexPath)
    // The series section: its offset is the table of contents' second entry.
    let seriesOffset = pristine[(pristine.count - 28)..<(pristine.count - 20)].reduce(0) { $0 << 8 | Int($1) }
    let length = pristine[seriesOffset..<seriesOffset + 4].reduce(0) { $0 << 8 | Int($1) }
    let body = (seriesOffset + 4)..<(seriesOffset + 4 + length)
    var random = SeededGenerator(seed: 21)
    var failures = 0
    for _ in 0..<300 {
      var damaged = pristine
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        damaged[Int.random(in: body, using: &random)] = UInt8.random(in: 0...255, using: &random)
      }
      var crc: [UInt8] = []
      BigEndian.append(CRC32C.checksum(Array(damaged[body])), to: &crc)
      damaged.replaceSubrange(body.upperBound..<body.upperBound + 4, with: crc)
      try FileIO.writeFile(indexPath, damaged)
      switch openAndSelect(blocks + "/" + meta.id) {
      case .success(let count): #expect(count <= series.count)
      case .failure(let error):
        #expect(error.code == .corrupt, "\(error)")
        failures += 1
      }
    }
    #expect(failures > 100)
  }

  /// Series read from the block, or the error (returned as a value: typed throws in a test's
  /// do/catch crash the 6.3 compiler).
  private func openAndSelect(_ directory: String) -> Result<Int, StoreError> {
    do throws(StoreError) {
      return .success(try Block.open(directory).select([], startMs: .min, endMs: .max).count)
    } catch {
      return .failure(error)
    }
  }
}
