// Encodes a run of samples as a decimal-planes chunk (encoding 4): encoding 2's timestamps, then
// the values' mantissas under whichever model (delta, delta of deltas, delta around a base,
// level) leaves the smallest residuals, divided by their common factor, as byte planes.
// Why planes: zstd codes a block's literals with one Huffman table; varints interleave
// near-random low bytes with skewed high bytes and continuation bits, planes keep each kind
// together (node-like block chunks: 11 % fewer bytes than encoding 3).
// Format: docs/format/metrics-chunk.md ("Decimal-planes chunk (encoding 4)").

/// Builds decimal-planes chunks from whole runs of samples. Stateless; thread-safe.
package enum DecimalPlanesEncoder {
  /// The chunk holding `timestamps[i], values[i]` for every `i`, values bit-exact (NaN payloads,
  /// the staleness marker, ±Inf and -0 included).
  /// - Precondition: equal counts, at most `DecimalChunkFormat.maxSampleCount`.
  package static func encode(timestamps: [Int64], values: [Double]) -> [UInt8] {
    var bytes = DecimalChunkEncoder.startChunk(timestamps: timestamps, values: values, reservingPerSample: 3)
    guard !timestamps.isEmpty else { return bytes }
    if let (exponent, mantissas) = DecimalChunkEncoder.decimalMantissas(values) {
      appendMantissas(mantissas, exponent: exponent, to: &bytes)
    } else {
      bytes.append(DecimalPlanesFormat.ValueMode.xorBits.rawValue)
      var patterns: [UInt64] = []
      patterns.reserveCapacity(values.count)
      var previous: UInt64 = 0
      for value in values {
        patterns.append(value.bitPattern ^ previous)
        previous = value.bitPattern
      }
      appendPlanes(patterns, to: &bytes)
    }
    return bytes
  }

  /// One model's head values, residuals (before dividing) and their common factor.
  private struct Candidate {
    var mode: DecimalPlanesFormat.ValueMode
    var head: [Int64]
    var residuals: [Int64]
    var factor: UInt64
    /// An estimate of the compressed size in bits: each residual's significant bits plus one,
    /// which tracks what zstd makes of the planes better than their raw width does.
    var cost: Int
  }

  /// Mode, exponent, factor, head, then the residuals as planes, for the cheapest model
  /// (ties: the lower mode).
  private static func appendMantissas(_ mantissas: [Int64], exponent: Int, to bytes: inout [UInt8]) {
    var best: Candidate?
    for mode in DecimalPlanesFormat.ValueMode.allCases where mode != .xorBits {
      // Modes that need a delta or a base only pay off with a few samples to share them.
      if (mode == .deltaOfDelta || mode == .deltaFromBase) && mantissas.count < 3 { continue }
      let candidate = model(mantissas, mode: mode)
      if best == nil || candidate.cost < best!.cost { best = candidate }
    }
    let chosen = best!
    bytes.append(chosen.mode.rawValue)
    bytes.append(UInt8(exponent))
    Varint.append(chosen.factor, to: &bytes)
    for value in chosen.head { Varint.appendZigZag(value, to: &bytes) }
    // Exact divisions: the factor divides every residual. Wrapping cannot occur (mantissas are
    // below 2^53, so residuals are below 2^55), but the arithmetic is wrapping like the decoder's.
    let divisor = Int64(bitPattern: chosen.factor)
    appendPlanes(chosen.residuals.map { Varint.zigzag($0 / divisor) }, to: &bytes)
  }

  /// The residuals of `mantissas` under `mode` (not xorBits), divided cost included.
  private static func model(_ mantissas: [Int64], mode: DecimalPlanesFormat.ValueMode) -> Candidate {
    var head: [Int64] = []
    var residuals: [Int64] = []
    residuals.reserveCapacity(mantissas.count)
    switch mode {
    case .delta:
      head = [mantissas[0]]
      for index in 1..<mantissas.count { residuals.append(mantissas[index] &- mantissas[index - 1]) }
    case .deltaOfDelta:
      head = [mantissas[0], mantissas[1] &- mantissas[0]]
      for index in 2..<mantissas.count {
        residuals.append((mantissas[index] &- mantissas[index - 1]) &- (mantissas[index - 1] &- mantissas[index - 2]))
      }
    case .deltaFromBase:
      var deltas: [Int64] = []
      deltas.reserveCapacity(mantissas.count - 1)
      for index in 1..<mantissas.count { deltas.append(mantissas[index] &- mantissas[index - 1]) }
      let base = median(deltas)
      head = [mantissas[0], base]
      residuals = deltas.map { $0 &- base }
    case .level:
      let level = median(mantissas)
      head = [level]
      residuals = mantissas.map { $0 &- level }
    case .xorBits:
      preconditionFailure("BUG: xorBits is not a mantissa model")
    }
    var factor: UInt64 = 0
    for residual in residuals where factor != 1 { factor = gcd(factor, residual.magnitude) }
    // All zero (a constant): nothing to divide; a factor the Int64 division cannot take: keep 1.
    if factor == 0 || factor > UInt64(Int64.max) { factor = 1 }
    let divisor = Int64(bitPattern: factor)
    var cost = 0
    for value in head { cost += 8 * Varint.encodedLength(Varint.zigzag(value)) }
    if factor > 1 { cost += 8 * Varint.encodedLength(factor) - 8 }
    for residual in residuals { cost += 65 - Varint.zigzag(residual / divisor).leadingZeroBitCount }
    return Candidate(mode: mode, head: head, residuals: residuals, factor: factor, cost: cost)
  }

  /// Width (bytes of the largest value), then plane 0 (every value's lowest byte), plane 1, …
  private static func appendPlanes(_ values: [UInt64], to bytes: inout [UInt8]) {
    var union: UInt64 = 0
    for value in values { union |= value }
    let width = (64 - union.leadingZeroBitCount + 7) / 8
    bytes.append(UInt8(width))
    bytes.reserveCapacity(bytes.count + width * values.count)
    for plane in 0..<width {
      let shift = UInt64(8 * plane)
      for value in values { bytes.append(UInt8(truncatingIfNeeded: value >> shift)) }
    }
  }

  /// The upper median (of an even count, the upper one of the middle two).
  private static func median(_ values: [Int64]) -> Int64 {
    values.sorted()[values.count / 2]
  }

  private static func gcd(_ first: UInt64, _ second: UInt64) -> UInt64 {
    var (a, b) = (first, second)
    while b != 0 { (a, b) = (b, a % b) }
    return a
  }
}
