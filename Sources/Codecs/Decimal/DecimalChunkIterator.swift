// Reads the samples of a decimal-delta chunk (encodings 2 and 3) or a decimal-planes chunk
// (encoding 4) in order. The chunks are columnar (all timestamps, then all values), so the first
// `next()` decodes the whole chunk and later calls hand it out.

/// Iterates the samples of a chunk produced by `DecimalChunkEncoder` or `DecimalPlanesEncoder`.
///
/// Short or corrupt input ends with a `CodecError` from the first `next()`, never a trap and never
/// a read outside the bytes; after an error `next()` throws it again. Bytes after the chunk's
/// end are ignored. A value type; not thread-safe. Each reader makes its own.
package struct DecimalChunkIterator {
  /// Which of the decimal chunk layouts the bytes hold.
  package enum Layout: Sendable {
    /// Encoding 2: value modes 0 to 2.
    case deltas
    /// Encoding 3: value modes 0 to 3.
    case deltasWithBase
    /// Encoding 4 (`DecimalPlanesDecoder`).
    case planes
  }

  private let bytes: ArraySlice<UInt8>
  private var timestamps: [Int64] = []
  private var values: [Double] = []
  private var position = 0
  private var decoded = false
  private var failure: CodecError?
  private let layout: Layout

  /// Iterates over a chunk's bytes; `allowsBase` for encoding 3 (value mode 3 valid).
  package init(bytes: [UInt8], allowsBase: Bool = false) {
    self.init(bytes: bytes[...], layout: allowsBase ? .deltasWithBase : .deltas)
  }

  /// Iterates over a slice of a larger buffer that holds the chunk at its start.
  package init(bytes: ArraySlice<UInt8>, allowsBase: Bool = false) {
    self.init(bytes: bytes, layout: allowsBase ? .deltasWithBase : .deltas)
  }

  /// Iterates over a chunk in `layout` at the start of `bytes`.
  package init(bytes: ArraySlice<UInt8>, layout: Layout) {
    self.bytes = bytes
    self.layout = layout
  }

  /// The next sample, or nil after the last one.
  /// - Throws: `CodecError` if the chunk is truncated or corrupt.
  package mutating func next() throws(CodecError) -> (timestampMs: Int64, value: Double)? {
    try decodeOnce()
    guard position < timestamps.count else { return nil }
    defer { position += 1 }
    return (timestamps[position], values[position])
  }

  /// Appends the remaining samples with timestamps in `[startMs, endMs]` to the columns in two
  /// bulk copies, and moves past them.
  package mutating func append(
    from startMs: Int64, through endMs: Int64, timestamps output: inout [Int64], values outputValues: inout [Double]
  ) throws(CodecError) {
    try decodeOnce()
    var lower = position
    while lower < timestamps.count && timestamps[lower] < startMs { lower += 1 }
    var upper = lower
    while upper < timestamps.count && timestamps[upper] <= endMs { upper += 1 }
    output.append(contentsOf: timestamps[lower..<upper])
    outputValues.append(contentsOf: values[lower..<upper])
    position = timestamps.count
  }

  private mutating func decodeOnce() throws(CodecError) {
    if let failure { throw failure }
    guard !decoded else { return }
    decoded = true
    // Errors come back as values: typed-throws closures and `withUnsafe…` do not mix (6.3).
    let layout = layout
    let result = bytes.withUnsafeBufferPointer { buffer in
      let raw = UnsafeRawBufferPointer(buffer)
      return layout == .planes
        ? DecimalPlanesDecoder.decode(raw) : Self.decode(raw, allowsBase: layout == .deltasWithBase)
    }
    switch result {
    case .success(let (times, samples)):
      timestamps = times
      values = samples
    case .failure(let error):
      failure = error
      throw error
    }
  }

  /// Every sample of the chunk at the start of `buffer`.
  /// - Parameter allowsBase: whether value mode 3 is valid (encoding 3); in encoding 2 it is corrupt.
  package static func decode(_ buffer: UnsafeRawBufferPointer, allowsBase: Bool = false) -> Result<([Int64], [Double]), CodecError> {
    do throws(CodecError) {
      var reader = ByteReader(buffer, subject: "decimal chunk")
      let count = Int(try reader.readUInt16BE())
      guard count > 0 else { return .success(([], [])) }
      // Every sample takes at least one byte of timestamp and one of value.
      guard count <= reader.remaining else { throw .truncated("decimal chunk", "\(count) samples in \(reader.remaining) bytes") }
      let timestamps = try decodeTimestamps(&reader, count: count)
      return .success((timestamps, try decodeValues(&reader, count: count, allowsBase: allowsBase)))
    } catch {
      return .failure(error)
    }
  }

  /// `count` timestamps as encodings 2 to 4 store them: t0, t1 − t0, then deltas of deltas, as
  /// zigzag varints (wrapping arithmetic). The caller has checked that `count` bytes remain.
  static func decodeTimestamps(_ reader: inout ByteReader, count: Int) throws(CodecError) -> [Int64] {
    var timestamps: [Int64] = []
    timestamps.reserveCapacity(count)
    var previous: Int64 = 0
    var delta: Int64 = 0
    for index in 0..<count {
      let field = try reader.readZigZagVarint()
      delta = index < 2 ? field : delta &+ field
      previous = previous &+ delta
      timestamps.append(previous)
    }
    return timestamps
  }

  private static func decodeValues(_ reader: inout ByteReader, count: Int, allowsBase: Bool) throws(CodecError) -> [Double] {
    let modeByte = try reader.readByte()
    guard let mode = DecimalChunkFormat.ValueMode(rawValue: modeByte), allowsBase || mode != .decimalDeltaFromBase else {
      throw .corrupt("decimal chunk", "unknown value mode \(modeByte)")
    }
    var values: [Double] = []
    values.reserveCapacity(count)
    switch mode {
    case .xorBits:
      var previous: UInt64 = 0
      for _ in 0..<count {
        previous ^= try reader.readUInt64BE()
        values.append(Double(bitPattern: previous))
      }
    case .decimalDeltaFromBase:
      let exponent = Int(try reader.readByte())
      guard exponent <= DecimalChunkFormat.maxExponent else { throw .corrupt("decimal chunk", "exponent \(exponent)") }
      var mantissa = try reader.readZigZagVarint()
      values.append(DecimalChunkFormat.value(mantissa: mantissa, exponent: exponent))
      let base = try reader.readZigZagVarint()
      for _ in 1..<count {
        mantissa = mantissa &+ base &+ (try reader.readZigZagVarint())
        values.append(DecimalChunkFormat.value(mantissa: mantissa, exponent: exponent))
      }
    case .decimalDelta, .decimalDeltaOfDelta:
      let exponent = Int(try reader.readByte())
      guard exponent <= DecimalChunkFormat.maxExponent else { throw .corrupt("decimal chunk", "exponent \(exponent)") }
      let ofDeltas = mode == .decimalDeltaOfDelta
      var mantissa: Int64 = 0
      var delta: Int64 = 0
      for index in 0..<count {
        let field = try reader.readZigZagVarint()
        delta = ofDeltas && index >= 2 ? delta &+ field : field
        mantissa = mantissa &+ delta
        values.append(DecimalChunkFormat.value(mantissa: mantissa, exponent: exponent))
      }
    }
    return values
  }
}
