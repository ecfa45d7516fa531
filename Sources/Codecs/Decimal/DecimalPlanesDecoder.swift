// Decodes a decimal-planes chunk (encoding 4) whole: the timestamps as in encoding 2, then the
// residual planes folded back into integers and the model undone. Every length is checked
// against the bytes at hand before anything is allocated for it.
// Format: docs/format/metrics-chunk.md ("Decimal-planes chunk (encoding 4)").

/// Reads chunks produced by `DecimalPlanesEncoder`. Stateless; thread-safe.
package enum DecimalPlanesDecoder {
  private static let subject = "decimal-planes chunk"

  /// Every sample of the chunk at the start of `buffer` (bytes after it are ignored).
  /// Short input gives `truncated`; an unknown mode, an exponent above 12, a factor of 0, a width
  /// above 8 or a mode that needs more samples than the chunk has give `corrupt`.
  package static func decode(_ buffer: UnsafeRawBufferPointer) -> Result<([Int64], [Double]), CodecError> {
    do throws(CodecError) {
      var reader = ByteReader(buffer, subject: subject)
      let count = Int(try reader.readUInt16BE())
      guard count > 0 else { return .success(([], [])) }
      // Every sample takes at least one byte of timestamp.
      guard count <= reader.remaining else { throw .truncated(subject, "\(count) samples in \(reader.remaining) bytes") }
      let timestamps = try DecimalChunkIterator.decodeTimestamps(&reader, count: count)
      return .success((timestamps, try decodeValues(&reader, count: count)))
    } catch {
      return .failure(error)
    }
  }

  private static func decodeValues(_ reader: inout ByteReader, count: Int) throws(CodecError) -> [Double] {
    let modeByte = try reader.readByte()
    guard let mode = DecimalPlanesFormat.ValueMode(rawValue: modeByte) else {
      throw .corrupt(subject, "unknown value mode \(modeByte)")
    }
    guard count >= mode.firstResidual else {
      throw .corrupt(subject, "value mode \(modeByte) needs \(mode.firstResidual) samples, the chunk has \(count)")
    }
    if mode == .xorBits {
      let planes = try readPlanes(&reader, count: count)
      return [Double](unsafeUninitializedCapacity: count) { output, initialized in
        output.baseAddress!.withMemoryRebound(to: UInt64.self, capacity: count) { words in
          fold(planes, into: words, count: count)
          var previous: UInt64 = 0
          for index in 0..<count {
            previous ^= words[index]
            words[index] = previous
          }
        }
        initialized = count
      }
    }
    let exponent = Int(try reader.readByte())
    guard exponent <= DecimalChunkFormat.maxExponent else { throw .corrupt(subject, "exponent \(exponent)") }
    let factorField = try reader.readVarint()
    guard factorField > 0 else { throw .corrupt(subject, "factor 0") }
    // Wrapping multiplication below: any factor decodes to some value, never a trap.
    let factor = Int64(bitPattern: factorField)
    let first = try reader.readZigZagVarint()
    let second = mode.headCount > 1 ? try reader.readZigZagVarint() : 0
    let skipped = mode.firstResidual
    let planes = try readPlanes(&reader, count: count - skipped)
    let scale = DecimalChunkFormat.powersOfTen[exponent]
    // One pass over the output's own memory, no other allocation: this runs for every chunk a
    // block read touches. Residual j is folded into word `skipped + j`, which is then overwritten
    // with sample `skipped + j`'s value once read.
    return [Double](unsafeUninitializedCapacity: count) { output, initialized in
      output.baseAddress!.withMemoryRebound(to: UInt64.self, capacity: count) { words in
        fold(planes, into: words + skipped, count: count - skipped)
        @inline(__always) func residual(_ index: Int) -> Int64 { Varint.unzigzag(words[index]) &* factor }
        @inline(__always) func store(_ mantissa: Int64, at index: Int) { words[index] = (Double(mantissa) / scale).bitPattern }
        switch mode {
        case .delta, .deltaFromBase:
          let base = mode == .deltaFromBase ? second : 0
          var mantissa = first
          store(mantissa, at: 0)
          for index in 1..<count {
            mantissa = mantissa &+ base &+ residual(index)
            store(mantissa, at: index)
          }
        case .deltaOfDelta:
          var mantissa = first
          var delta = second
          store(mantissa, at: 0)
          mantissa = mantissa &+ delta
          store(mantissa, at: 1)
          for index in 2..<count {
            delta = delta &+ residual(index)
            mantissa = mantissa &+ delta
            store(mantissa, at: index)
          }
        case .level:
          for index in 0..<count { store(first &+ residual(index), at: index) }
        case .xorBits:
          break  // returned above
        }
      }
      initialized = count
    }
  }

  /// A width byte (0…8), then `width` planes of `count` bytes: plane p holds byte p (the lowest
  /// first) of every value. Returns the width and the planes' bytes.
  private static func readPlanes(
    _ reader: inout ByteReader, count: Int
  ) throws(CodecError) -> (width: Int, bytes: UnsafeRawBufferPointer) {
    let width = Int(try reader.readByte())
    guard width <= DecimalPlanesFormat.maxWidth else { throw .corrupt(subject, "width \(width) above 8") }
    // count ≤ 65 535 and width ≤ 8: the product cannot overflow.
    return (width, try reader.readBytes(count: width * count))
  }

  /// Writes the `count` values the planes hold to `words`.
  @inline(__always)
  private static func fold(
    _ planes: (width: Int, bytes: UnsafeRawBufferPointer), into words: UnsafeMutablePointer<UInt64>, count: Int
  ) {
    words.initialize(repeating: 0, count: count)
    for plane in 0..<planes.width {
      let shift = UInt64(8 * plane)
      let base = plane * count
      for index in 0..<count { words[index] |= UInt64(planes.bytes[base + index]) << shift }
    }
  }
}
