// The chunker: sizes within bounds, deterministic for a seed, different for another seed, and
// local: an insertion changes only the chunks near it (what makes deduplication work).
import Backup
import Testing
import WardenTesting

@Suite struct ContentChunkerTests {
  static func chunks(_ bytes: [UInt8], _ chunker: ContentChunker, readSize: Int = 1 << 30) -> [Int] {
    var lengths: [Int] = []
    var start = 0
    bytes.withUnsafeBytes { all in
      while start < bytes.count {
        let visibleEnd = min(bytes.count, start + max(readSize, chunker.maximumSize))
        let window = UnsafeRawBufferPointer(rebasing: all[start..<visibleEnd])
        guard let length = chunker.boundary(in: window, atEnd: visibleEnd == bytes.count) else {
          Issue.record("no boundary with a full window")
          return
        }
        lengths.append(length)
        start += length
      }
    }
    return lengths
  }

  let small = ContentChunker(seed: 42, minimumSize: 2048, averageSize: 8192, maximumSize: 65536)

  @Test func sizesStayWithinBoundsAndNearTheAverage() {
    let data = BackupFixtures.randomBytes(4 << 20, seed: 7)
    let lengths = Self.chunks(data, small)
    #expect(lengths.reduce(0, +) == data.count)
    #expect(lengths.dropLast().allSatisfy { $0 >= 2048 && $0 <= 65536 })
    let mean = Double(data.count) / Double(lengths.count)
    #expect(mean > 8192 * 0.6 && mean < 8192 * 1.8, "mean chunk \(mean)")
  }

  @Test func boundariesDependOnContentAndSeedOnly() {
    let data = BackupFixtures.randomBytes(1 << 20, seed: 8)
    #expect(Self.chunks(data, small) == Self.chunks(data, ContentChunker(seed: 42, minimumSize: 2048, averageSize: 8192, maximumSize: 65536)))
    #expect(Self.chunks(data, small) != Self.chunks(data, ContentChunker(seed: 43, minimumSize: 2048, averageSize: 8192, maximumSize: 65536)))
  }

  @Test func anInsertionChangesOnlyNearbyChunks() {
    let data = BackupFixtures.randomBytes(2 << 20, seed: 9)
    var edited = data
    edited.insert(contentsOf: [1, 2, 3, 4, 5], at: 1 << 20)
    func ids(_ bytes: [UInt8]) -> Set<BlobID> {
      var out: Set<BlobID> = []
      var start = 0
      for length in Self.chunks(bytes, small) {
        out.insert(BlobID.hash(Array(bytes[start..<(start + length)])))
        start += length
      }
      return out
    }
    let before = ids(data)
    let after = ids(edited)
    let changed = after.subtracting(before).count
    #expect(changed >= 1 && changed <= 3, "\(changed) chunks changed of \(after.count)")
  }

  @Test func uniformDataCutsAtTheMaximum() {
    let zeros = [UInt8](repeating: 0, count: 300_000)
    let lengths = Self.chunks(zeros, small)
    #expect(lengths.dropLast().allSatisfy { $0 == 65536 })
  }

  @Test func shortInputNeedsMoreUnlessAtEnd() {
    let data = BackupFixtures.randomBytes(1000, seed: 1)
    data.withUnsafeBytes { bytes in
      #expect(small.boundary(in: bytes, atEnd: false) == nil)
      #expect(small.boundary(in: bytes, atEnd: true) == 1000)
    }
    [UInt8]().withUnsafeBytes { #expect(small.boundary(in: $0, atEnd: true) == 0) }
  }
}
