// Decimal-planes chunks (encoding 4): frozen bytes of the documented example, the value model
// each kind of series gets, bit-exact round trips (edge values, random bits, random timestamps),
// fewer bytes than encoding 3 once compressed, and hostile input (every truncation, seeded byte
// flips, random bytes, impossible fields) failing with an error, never a trap.
import Codecs
import Testing
import WardenCore
import WardenTesting

private func encodePlanes(_ samples: [Sample]) -> [UInt8] {
  DecimalPlanesEncoder.encode(timestamps: samples.map(\.timestampMs), values: samples.map(\.value))
}

/// Decodes through `ChunkIterator` (as block reads do): the samples before the first error and the error.
private func decodePlanes(_ bytes: [UInt8]) -> (samples: [Sample], error: CodecError?) {
  decodeChunk(bytes, encoding: .decimalPlanes)
}

private func hex(_ bytes: [UInt8]) -> String {
  bytes.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
}

/// The mode byte of a chunk of `count` samples at 1 000 ms steps from 1 000 ms: t0 and Δ1 take
/// two bytes each, the deltas of deltas (all 0) one each.
private func modeByte(_ bytes: [UInt8], count: Int) -> UInt8 {
  bytes[2 + 4 + (count - 2)]
}

struct DecimalPlanesChunkTests {
  /// Guards docs/format/metrics-chunk.md ("Decimal-planes chunk (encoding 4)"): a byte counter
  /// growing by 1 024 or 2 048 per sample.
  static let example: [Sample] = zip([0, 1024, 3072, 4096, 6144], 1...5).map {
    Sample(timestampMs: Int64($0.1) * 1000, value: Double($0.0))
  }
  static let frozen = "0005" + "d00f" + "d00f" + "000000" + "01" + "00" + "8008" + "00" + "01" + "02040204"

  @Test func frozenBytes() {
    let bytes = encodePlanes(Self.example)
    #expect(hex(bytes) == Self.frozen)
    #expect(decodePlanes(bytes).samples == Self.example)
    // The same bytes are not an encoding-3 chunk (its mode 1 has no factor): they decode to
    // other values or fail, so the id matters.
    var other = ChunkIterator(encoding: .decimalWithBase, bytes: bytes)
    var otherValues: [Double] = []
    while let sample = try? other.next() { otherValues.append(sample.value) }
    #expect(otherValues != Self.example.map(\.value))
  }

  @Test func emptyChunkIsTheCountAlone() {
    #expect(DecimalPlanesEncoder.encode(timestamps: [], values: []) == [0, 0])
    #expect(decodePlanes([0, 0]).samples.isEmpty && decodePlanes([0, 0]).error == nil)
  }

  /// Each kind of series gets the model that suits it (1 000 ms steps, so the mode byte's offset
  /// is known): a constant costs no residual bytes at all.
  @Test func eachKindOfSeriesGetsItsModel() {
    func series(_ values: [Double]) -> [Sample] {
      values.enumerated().map { Sample(timestampMs: Int64($0.offset + 1) * 1000, value: $0.element) }
    }
    var random = SeededGenerator(seed: 9)
    let constant = series(Array(repeating: 42.5, count: 200))
    let constantBytes = encodePlanes(constant)
    #expect(modeByte(constantBytes, count: 200) == 1)
    // mode, exponent 1, factor 1, m0 = 425 (zigzag 850: 2 bytes), width 0: no planes.
    #expect(constantBytes.count == 2 + 4 + 198 + 1 + 1 + 1 + 2 + 1)
    var total = 1_000_000.0
    let counter = series((0..<200).map { _ in
      total += Double(Int.random(in: 900...1100, using: &random))
      return total
    })
    #expect(modeByte(encodePlanes(counter), count: 200) == 3)
    let noise = series((0..<200).map { _ in Double(Int.random(in: 100_000...900_000, using: &random)) / 1e9 })
    #expect(modeByte(encodePlanes(noise), count: 200) == 4)
    var cents = 0
    let walk = series((0..<200).map { _ in
      cents += Int.random(in: -500...500, using: &random)
      return Double(cents) / 100
    })
    #expect(modeByte(encodePlanes(walk), count: 200) == 1)
    let rate = series((0..<200).map { Double($0 * 7 + 3) })
    #expect(modeByte(encodePlanes(rate), count: 200) == 2)
    let floats = series((0..<200).map { _ in Double.random(in: 0..<1, using: &random) })
    #expect(modeByte(encodePlanes(floats), count: 200) == 0)
    for samples in [constant, counter, noise, walk, rate, floats] {
      #expect(decodePlanes(encodePlanes(samples)).samples == samples)
    }
  }

  /// Memory and disk counters move in pages or sectors: the common factor is divided out.
  @Test func commonFactorIsDividedOut() {
    var random = SeededGenerator(seed: 4)
    var bytesUsed = 8_000_000_000.0
    let memory = (0..<720).map { index in
      bytesUsed += Double(Int.random(in: -300...300, using: &random) * 4096)
      return Sample(timestampMs: TestSeries.start + Int64(index) * TestSeries.interval, value: bytesUsed)
    }
    let planes = encodePlanes(memory)
    let withBase = DecimalChunkEncoder.encode(timestamps: memory.map(\.timestampMs), values: memory.map(\.value), allowsBase: true)
    // Steps of ±300 pages: one or two bytes each once divided, against three-byte varints.
    #expect(planes.count < withBase.count * 3 / 4)
    #expect(decodePlanes(planes).samples == memory)
  }

  @Test(arguments: 0..<16)
  func everyKindOfSeriesRoundTripsBitExactly(seed: UInt64) {
    let samples = Self.input(seed: seed)
    let (decoded, error) = decodePlanes(encodePlanes(samples))
    #expect(error == nil)
    #expect(decoded.map(\.timestampMs) == samples.map(\.timestampMs))
    #expect(decoded.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
  }

  @Test func oneAndTwoSampleChunksRoundTrip() {
    for count in 1...3 {
      for values in [[5.5, 7.25, 9.0], [.nan, 1, -0.0], [1e15, -1e15, 0]] {
        let samples = zipSamples((0..<count).map { Int64($0) * 1000 - 5 }, Array(values.prefix(count)))
        let (decoded, error) = decodePlanes(encodePlanes(samples))
        #expect(error == nil)
        #expect(decoded.map(\.value.bitPattern) == samples.map(\.value.bitPattern))
      }
    }
  }

  @Test(arguments: 0..<6)
  func everyTruncationFails(seed: UInt64) {
    let bytes = encodePlanes(Self.input(seed: seed))
    for length in 0..<bytes.count {
      let (decoded, error) = decodePlanes(Array(bytes.prefix(length)))
      #expect(error?.code == .truncated && decoded.isEmpty, "length \(length) of \(bytes.count)")
    }
  }

  /// Fuzz: seeded byte flips of valid chunks and random byte strings decode or fail with an
  /// error that says what is wrong, never trap, and never yield more samples than bytes.
  @Test(arguments: 0..<8)
  func hostileBytesFailWithAnError(seed: UInt64) {
    var random = SeededGenerator(seed: seed &+ 300)
    let valid = encodePlanes(Self.input(seed: seed))
    for trial in 0..<600 {
      var damaged: [UInt8]
      if trial % 4 == 0 {
        damaged = (0..<Int.random(in: 0...64, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
      } else {
        damaged = valid
        for _ in 0..<Int.random(in: 1...3, using: &random) {
          damaged[Int.random(in: 0..<damaged.count, using: &random)] ^= UInt8.random(in: 1...255, using: &random)
        }
      }
      let (decoded, error) = decodePlanes(damaged)
      if let error { #expect(!error.description.isEmpty && decoded.isEmpty) }
      #expect(decoded.count <= damaged.count)
    }
  }

  /// Impossible fields name the problem.
  @Test func impossibleFieldsAreCorrupt() {
    let bytes = Array(Self.frozen.hexBytes)
    let modeOffset = 2 + 4 + 3
    func problem(_ edit: (inout [UInt8]) -> Void) -> String? {
      var damaged = bytes
      edit(&damaged)
      let error = decodePlanes(damaged).error
      #expect(error?.code == .corrupt)
      return error?.description
    }
    #expect(problem { $0[modeOffset] = 5 }?.contains("unknown value mode 5") == true)
    #expect(problem { $0[modeOffset + 1] = 13 }?.contains("exponent 13") == true)
    #expect(problem { $0.replaceSubrange(modeOffset + 2..<modeOffset + 4, with: [0x80, 0x00]) }?.contains("factor 0") == true)
    #expect(problem { $0[modeOffset + 5] = 9 }?.contains("width 9") == true)
    // Mode 2 needs two samples; a one-sample chunk cannot have it.
    let single = DecimalPlanesEncoder.encode(timestamps: [1000], values: [3])
    var damaged = single
    damaged[2 + 2] = 2
    #expect(decodePlanes(damaged).error?.description.contains("needs 2 samples") == true)
  }

  /// On node-like data the point of the encoding: fewer bytes than encoding 3 after zstd, which
  /// is how blocks store chunks.
  @Test func compressesBetterThanEncodingThree() throws {
    var planes: [UInt8] = []
    var withBase: [UInt8] = []
    for seed in 0..<24 as Range<UInt64> {
      let samples: [Sample] =
        switch seed % 3 {
        case 0: TestSeries.irregularCounter(count: 720, seed: seed, jitterMs: 0)
        case 1: TestSeries.randomWalk(count: 720, seed: seed, jitterMs: 0)
        default: TestSeries.cpuSeconds(count: 720, busy: 0.3, seed: seed, jitterMs: 0)
        }
      planes += encodePlanes(samples)
      withBase += DecimalChunkEncoder.encode(
        timestamps: samples.map(\.timestampMs), values: samples.map(\.value), allowsBase: true)
    }
    let planesCompressed = Zstd.compress(planes, level: 13).count
    let withBaseCompressed = Zstd.compress(withBase, level: 13).count
    #expect(planesCompressed < withBaseCompressed)
  }

  private static func input(seed: UInt64) -> [Sample] {
    switch seed % 5 {
    case 0: TestSeries.randomWalk(count: 300, seed: seed)
    case 1: TestSeries.irregularCounter(count: 300, seed: seed)
    case 2: zipSamples(TestSeries.randomTimestamps(count: 50, seed: seed), TestSeries.randomBitValues(count: 50, seed: seed))
    case 3: zipSamples(TestSeries.scrapeTimestamps(count: 60, jitterMs: 5_000, seed: seed), TestSeries.edgeValues)
    default: TestSeries.cpuSeconds(count: 300, busy: 0.5, seed: seed)
    }
  }
}

extension String {
  /// The bytes of a string of hex digit pairs.
  fileprivate var hexBytes: [UInt8] {
    let digits = Array(utf8)
    return stride(from: 0, to: digits.count, by: 2).map { UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
  }
}
