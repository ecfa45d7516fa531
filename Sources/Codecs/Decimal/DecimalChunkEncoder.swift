// Encodes a run of samples as a decimal-delta chunk: delta-of-delta timestamps and, when every
// value is an exact decimal with a common exponent, delta (or delta-of-delta) integer mantissas;
// otherwise XORed bit patterns. Byte-aligned so a general compressor (zstd) squeezes it further.
// Format: docs/format/metrics-chunk.md ("Decimal-delta chunk").

/// Builds decimal-delta chunks from whole runs of samples (not append-only, unlike XOR chunks).
///
/// Stateless; thread-safe.
package enum DecimalChunkEncoder {
  /// The chunk holding `timestamps[i], values[i]` for every `i`, values bit-exact (NaN payloads,
  /// the staleness marker, ±Inf and -0 included).
  /// - Precondition: equal counts, at most `DecimalChunkFormat.maxSampleCount`.
  /// - Parameter allowsBase: encoding 3: value mode 3 (deltas around a base) may be chosen too.
  package static func encode(timestamps: [Int64], values: [Double], allowsBase: Bool = false) -> [UInt8] {
    var bytes = startChunk(timestamps: timestamps, values: values, reservingPerSample: 2)
    guard !timestamps.isEmpty else { return bytes }
    if let (exponent, mantissas) = decimalMantissas(values) {
      appendMantissas(mantissas, exponent: exponent, allowsBase: allowsBase, to: &bytes)
    } else {
      bytes.append(DecimalChunkFormat.ValueMode.xorBits.rawValue)
      var previous: UInt64 = 0
      for value in values {
        BigEndian.append(value.bitPattern ^ previous, to: &bytes)
        previous = value.bitPattern
      }
    }
    return bytes
  }

  /// What chunks of encodings 2 to 4 start with: the sample count, then the timestamps (none
  /// for an empty chunk). Shared by `DecimalPlanesEncoder`.
  /// - Precondition: equal counts, at most `DecimalChunkFormat.maxSampleCount`.
  static func startChunk(timestamps: [Int64], values: [Double], reservingPerSample: Int) -> [UInt8] {
    precondition(timestamps.count == values.count, "BUG: \(timestamps.count) timestamps for \(values.count) values")
    precondition(timestamps.count <= DecimalChunkFormat.maxSampleCount, "BUG: chunk of \(timestamps.count) samples")
    var bytes: [UInt8] = []
    bytes.reserveCapacity(16 + reservingPerSample * timestamps.count)
    BigEndian.append(UInt16(timestamps.count), to: &bytes)
    if !timestamps.isEmpty { appendTimestamps(timestamps, to: &bytes) }
    return bytes
  }

  /// t0, t1 − t0, then deltas of deltas, as zigzag varints (wrapping arithmetic).
  static func appendTimestamps(_ timestamps: [Int64], to bytes: inout [UInt8]) {
    var previous: Int64 = 0
    var previousDelta: Int64 = 0
    for (index, timestamp) in timestamps.enumerated() {
      let delta = timestamp &- previous
      Varint.appendZigZag(index < 2 ? delta : delta &- previousDelta, to: &bytes)
      if index > 0 { previousDelta = delta }
      previous = timestamp
    }
  }

  /// The smallest common exponent and the mantissas, or nil when some value is not a decimal.
  static func decimalMantissas(_ values: [Double]) -> (Int, [Int64])? {
    var exponent = 0
    for value in values {
      while DecimalChunkFormat.mantissa(of: value, exponent: exponent) == nil {
        exponent += 1
        if exponent > DecimalChunkFormat.maxExponent { return nil }
      }
    }
    var mantissas: [Int64] = []
    mantissas.reserveCapacity(values.count)
    for value in values {
      guard let mantissa = DecimalChunkFormat.mantissa(of: value, exponent: exponent) else { return nil }
      mantissas.append(mantissa)
    }
    return (exponent, mantissas)
  }

  /// Mode byte, exponent byte, then the mantissas as deltas, deltas of deltas or (encoding 3)
  /// deltas around their median, whichever takes the fewest bytes (ties: the lower mode).
  private static func appendMantissas(_ mantissas: [Int64], exponent: Int, allowsBase: Bool, to bytes: inout [UInt8]) {
    var deltaLength = 0
    var dodLength = 0
    var previous: Int64 = 0
    var previousDelta: Int64 = 0
    for (index, mantissa) in mantissas.enumerated() {
      let delta = mantissa &- previous
      deltaLength += Varint.encodedLength(Varint.zigzag(delta))
      dodLength += Varint.encodedLength(Varint.zigzag(index < 2 ? delta : delta &- previousDelta))
      if index > 0 { previousDelta = delta }
      previous = mantissa
    }
    var mode: DecimalChunkFormat.ValueMode = dodLength < deltaLength ? .decimalDeltaOfDelta : .decimalDelta
    var base: Int64 = 0
    if allowsBase, mantissas.count > 2 {
      var deltas: [Int64] = []
      deltas.reserveCapacity(mantissas.count - 1)
      for index in 1..<mantissas.count { deltas.append(mantissas[index] &- mantissas[index - 1]) }
      deltas.sort()
      base = deltas[deltas.count / 2]
      var baseLength = Varint.encodedLength(Varint.zigzag(mantissas[0])) + Varint.encodedLength(Varint.zigzag(base))
      for index in 1..<mantissas.count {
        baseLength += Varint.encodedLength(Varint.zigzag(mantissas[index] &- mantissas[index - 1] &- base))
      }
      if baseLength < min(deltaLength, dodLength) { mode = .decimalDeltaFromBase }
    }
    bytes.append(mode.rawValue)
    bytes.append(UInt8(exponent))
    if mode == .decimalDeltaFromBase {
      Varint.appendZigZag(mantissas[0], to: &bytes)
      Varint.appendZigZag(base, to: &bytes)
      for index in 1..<mantissas.count { Varint.appendZigZag(mantissas[index] &- mantissas[index - 1] &- base, to: &bytes) }
      return
    }
    let useDod = mode == .decimalDeltaOfDelta
    previous = 0
    previousDelta = 0
    for (index, mantissa) in mantissas.enumerated() {
      let delta = mantissa &- previous
      Varint.appendZigZag(useDod && index >= 2 ? delta &- previousDelta : delta, to: &bytes)
      if index > 0 { previousDelta = delta }
      previous = mantissa
    }
  }
}
