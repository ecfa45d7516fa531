// The XOR chunk decoding state machine, over borrowed bytes: the mirror image of
// `XORChunkEncoder`. `XORChunkIterator` owns the bytes and drives it one sample at a time.

/// Decoder state between samples. Holds positions and previous values only, never the bytes,
/// so it can resume inside a fresh unsafe-pointer scope for every sample.
struct XORChunkDecoder: Sendable {
  /// Samples in the chunk, from the header; nil until the header is read.
  private(set) var sampleCount: Int?
  /// Samples decoded so far.
  private(set) var decoded = 0
  private var bitOffset = XORChunkFormat.headerSize * 8
  private var lastTimestamp: Int64 = 0
  private var lastDelta: Int64 = 0
  private var lastValueBits: UInt64 = 0
  private var leading = 0
  private var trailing = 0
  private var hasWindow = false

  /// Decodes the next sample, or returns nil after the last one.
  /// - Throws: `CodecError` if the bytes end early or hold an impossible field; the state is
  ///   then unspecified and the caller must stop.
  mutating func next(in bytes: UnsafeRawBufferPointer) throws(CodecError) -> (timestampMs: Int64, value: Double)? {
    let total: Int
    if let known = sampleCount {
      total = known
    } else {
      var header = ByteReader(bytes, subject: "XOR chunk")
      total = Int(try header.readUInt16BE())
      sampleCount = total
    }
    guard decoded < total else { return nil }
    var reader = BitReader(bytes, bitOffset: bitOffset)
    do {
      let sample = try decodeSample(&reader)
      bitOffset = reader.bitOffset
      decoded += 1
      return sample
    } catch {
      throw error.reframed(as: "XOR chunk", context: "sample \(decoded) of \(total)")
    }
  }

  @inline(__always)
  private mutating func decodeSample(_ reader: inout BitReader) throws(CodecError) -> (timestampMs: Int64, value: Double) {
    switch decoded {
    case 0:
      lastTimestamp = Varint.unzigzag(try reader.readVarint())
      lastValueBits = try reader.readBits(64)
    case 1:
      lastDelta = Varint.unzigzag(try reader.readVarint())
      lastTimestamp = lastTimestamp &+ lastDelta
      try readValue(&reader)
    default:
      lastDelta = lastDelta &+ (try readDeltaOfDelta(&reader))
      lastTimestamp = lastTimestamp &+ lastDelta
      try readValue(&reader)
    }
    return (lastTimestamp, Double(bitPattern: lastValueBits))
  }

  /// Reads a bucket prefix (up to five 1-bits ended by a 0) and its payload, both from one peek.
  @inline(__always)
  private func readDeltaOfDelta(_ reader: inout BitReader) throws(CodecError) -> Int64 {
    let window = reader.peek()
    let ones = min((~window).leadingZeroBitCount, XORChunkFormat.dodMaxPrefixLength)
    let width: Int
    switch ones {
    case 0:
      try reader.skip(1)
      return 0
    case 1: width = XORChunkFormat.dodWidth1
    case 2: width = XORChunkFormat.dodWidth2
    case 3: width = XORChunkFormat.dodWidth3
    case 4: width = XORChunkFormat.dodWidth4
    default:
      try reader.skip(XORChunkFormat.dodMaxPrefixLength)
      return Int64(bitPattern: try reader.readBits(64))
    }
    // Prefix and payload take at most 5 + 32 bits, so both sit in the peeked window.
    let prefixLength = ones + 1
    try reader.skip(prefixLength + width)
    let field = (window &<< UInt64(prefixLength)) &>> UInt64(64 - width)
    return XORChunkFormat.signExtend(field, width: width)
  }

  /// Reads one value field: `0`, `10` + window bits, or `11` + new window + bits.
  @inline(__always)
  private mutating func readValue(_ reader: inout BitReader) throws(CodecError) {
    let window = reader.peek()
    if window &>> 63 == 0 {  // `0`: unchanged
      try reader.skip(1)
      return
    }
    if window &>> 62 == 0b10 {
      try reader.skip(2)  // first, so a cut stream reports truncation, not corruption
      guard hasWindow else {
        throw .corrupt("bit stream", "value window reused before one was set, at bit \(reader.bitOffset - 2)")
      }
    } else {
      // `11`, 5 bits of leading zeros, 6 bits of significant-bit count (0 means 64).
      let newLeading = Int(truncatingIfNeeded: (window &>> 57) & 0x1F)
      var significant = Int(truncatingIfNeeded: (window &>> 51) & 0x3F)
      if significant == 0 { significant = 64 }
      try reader.skip(2 + XORChunkFormat.leadingBits + XORChunkFormat.significantBits)
      guard newLeading + significant <= 64 else {
        throw .corrupt(
          "bit stream",
          "value window of \(newLeading) leading and \(significant) significant bits at bit \(reader.bitOffset)")
      }
      leading = newLeading
      trailing = 64 - newLeading - significant
      hasWindow = true
    }
    let significant = 64 - leading - trailing
    lastValueBits ^= try reader.readBits(significant) &<< UInt64(trailing)
  }
}
