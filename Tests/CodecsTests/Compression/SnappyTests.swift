// snappy wrapper: round trips, a known encoding from the format description, the size limit
// enforced before allocation, and damaged blocks failing with a CodecError rather than a trap.
import Codecs
import Testing
import WardenTesting

/// The error `Snappy.decompress` throws, or nil (a value, to keep typed throws out of test bodies).
private func decompressError(_ bytes: [UInt8], limit: Int = 1 << 20) -> CodecError? {
  do throws(CodecError) {
    _ = try Snappy.decompress(bytes, limit: limit)
    return nil
  } catch {
    return error
  }
}

private func decodeOutcome(_ bytes: [UInt8], limit: Int) -> Result<[UInt8], CodecError> {
  do throws(CodecError) {
    return .success(try Snappy.decompress(bytes, limit: limit))
  } catch {
    return .failure(error)
  }
}

struct SnappyTests {
  static let input: [UInt8] = (0..<10_000).map { UInt8(truncatingIfNeeded: $0 * 7 / 13) }

  @Test func roundTrips() throws {
    for bytes in [[], [42], Self.input, Array("abc".utf8)] {
      let compressed = Snappy.compress(bytes)
      #expect(try Snappy.decompress(compressed, limit: bytes.count) == bytes)
    }
    #expect(Snappy.compress(Self.input).count < Self.input.count / 4)
  }

  /// A block written by hand from the format description: varint length 5, one literal tag
  /// (length-1 in the upper six bits) and the five bytes.
  @Test func decodesHandWrittenBlock() throws {
    let block: [UInt8] = [0x05, 0x04 << 2, 0x68, 0x65, 0x6c, 0x6c, 0x6f]
    #expect(try Snappy.decompress(block, limit: 5) == Array("hello".utf8))
  }

  @Test func limitIsCheckedBeforeDecoding() {
    // Declares 2^32-1 bytes in five header bytes and carries nothing else.
    let bomb: [UInt8] = [0xff, 0xff, 0xff, 0xff, 0x0f]
    #expect(decompressError(bomb, limit: 1 << 20)?.code == .tooLarge)
    let compressed = Snappy.compress(Self.input)
    #expect(decompressError(compressed, limit: Self.input.count - 1)?.code == .tooLarge)
  }

  @Test func damagedBlocksFail() {
    let compressed = Snappy.compress(Self.input)
    #expect(decompressError([])?.code == .corrupt)
    #expect(decompressError([0x80, 0x80, 0x80, 0x80, 0x80, 0x80])?.code == .corrupt)
    for length in [1, 4, compressed.count / 2, compressed.count - 1] {
      #expect(decompressError(Array(compressed.prefix(length))) != nil, "prefix of \(length) bytes")
    }
  }

  /// Random and mutated bytes: every outcome is a value or a CodecError, never a trap, and no
  /// successful decode is longer than the limit.
  @Test func fuzzNeverTraps() {
    var generator = SeededGenerator(seed: 0x5eed_0001)
    let compressed = Snappy.compress(Self.input)
    for round in 0..<2_000 {
      var bytes: [UInt8]
      if round % 2 == 0 {
        bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
      } else {
        bytes = compressed
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
          bytes[Int.random(in: 0..<bytes.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
        }
      }
      switch decodeOutcome(bytes, limit: 64 << 10) {
      case .success(let output): #expect(output.count <= 64 << 10)
      case .failure(let error): #expect(!error.message.isEmpty)
      }
    }
  }
}
