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
      let patterns = try readPlanes(&reader, count: count)
      var previous: UInt64 = 0
      return patterns.map { pattern in
        previous ^= pattern
        return Double(bitPattern: previous)
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
    let residuals = try readPlanes(&reader, count: count - mode.firstResidual)
    let scale = DecimalChunkFormat.powersOfTen[exponent]
    // One pass over contiguous memory: this runs for every chunk a block read touches.
    return [Double](unsafeUninitializedCapacity: count) { output, initialized in
      residuals.withUnsafeBufferPointer { residuals in
        @inline(__always) func residual(_ index: Int) -> Int64 { Varint.unzigzag(residuals[index]) &* factor }
        switch mode {
        case .delta, .deltaFromBase:
          let base = mode == .deltaFromBase ? second : 0
          var mantissa = first
          output[0] = Double(mantissa) / scale
          for index in 0..<residuals.count {
            mantissa = mantissa &+ base &+ residual(index)
            output[index + 1] = Double(mantissa) / scale
          }
        case .deltaOfDelta:
          var mantissa = first
          var delta = second
          output[0] = Double(mantissa) / scale
          if count > 1 {
            mantissa = mantissa &+ delta
            output[1] = Double(mantissa) / scale
          }
          for index in 0..<residuals.count {
            delta = delta &+ residual(index)
            mantissa = mantissa &+ delta
            output[index + 2] = Double(mantissa) / scale
          }
        case .level:
          for index in 0..<residuals.count { output[index] = Double(first &+ residual(index)) / scale }
        case .xorBits:
          break  // returned above
        }
      }
      initialized = count
    }
  }

  /// A width byte, then `width` planes of `count` bytes: plane p holds byte p (the lowest first)
  /// of every value.
  private static func readPlanes(_ reader: inout ByteReader, count: Int) throws(CodecError) -> [UInt64] {
    let width = Int(try reader.readByte())
    guard width <= DecimalPlanesFormat.maxWidth else { throw .corrupt(subject, "width \(width) above 8") }
    // count ≤ 65 535 and width ≤ 8: the product cannot overflow.
    let planes = try reader.readBytes(count: width * count)
    var values = [UInt64](repeating: 0, count: count)
    values.withUnsafeMutableBufferPointer { output in
      for plane in 0..<width {
        let shift = UInt64(8 * plane)
        let base = plane * count
        for index in 0..<count { output[index] |= UInt64(planes[base + index]) << shift }
      }
    }
    return values
  }
}
