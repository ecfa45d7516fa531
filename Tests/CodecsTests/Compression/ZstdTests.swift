// zstd wrapper: round trips, the expected size enforced both ways, and corrupt or truncated
// frames failing with a CodecError rather than a trap.
import Codecs
import Testing
import WardenTesting

/// The error `Zstd.decompress` throws, or nil (a value, to keep typed throws out of test bodies).
private func decompressError(_ bytes: [UInt8], expectedSize: Int) -> CodecError? {
  do throws(CodecError) {
    _ = try Zstd.decompress(bytes, expectedSize: expectedSize)
    return nil
  } catch {
    return error
  }
}

struct ZstdTests {
  static let input: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 13) }

  @Test func roundTrips() throws {
    for bytes in [[], [42], Self.input] {
      let compressed = Zstd.compress(bytes)
      #expect(try Zstd.decompress(compressed, expectedSize: bytes.count) == bytes)
    }
    #expect(Zstd.compress(Self.input).count < Self.input.count / 10)
    #expect(try Zstd.decompress(Zstd.compress(Self.input, level: 1), expectedSize: Self.input.count) == Self.input)
  }

  @Test func wrongExpectedSizeFails() {
    let compressed = Zstd.compress(Self.input)
    #expect(decompressError(compressed, expectedSize: Self.input.count - 1)?.code == .corrupt)
    #expect(decompressError(compressed, expectedSize: Self.input.count + 1)?.code == .corrupt)
    #expect(decompressError(compressed, expectedSize: -1)?.code == .corrupt)
  }

  @Test func corruptInputFails() {
    let compressed = Zstd.compress(Self.input)
    #expect(decompressError([], expectedSize: 0)?.code == .corrupt)
    #expect(decompressError([1, 2, 3, 4, 5, 6, 7, 8], expectedSize: 8)?.code == .corrupt)
    for length in [1, 4, 8, compressed.count / 2, compressed.count - 1] {
      #expect(decompressError(Array(compressed.prefix(length)), expectedSize: Self.input.count)?.code == .corrupt, "\(length)")
    }
    var random = SeededGenerator(seed: 9)
    for _ in 0..<300 {
      var damaged = compressed
      damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
      // zstd does not checksum by default, so a flip may decode to other bytes of the right size;
      // it must never trap or overrun. Blocks put a CRC32C over each frame for that.
      _ = decompressError(damaged, expectedSize: Self.input.count)
    }
  }
}
