// The samples record used inside compressed groups (type 6): series ids as deltas, timestamps as
// offsets from a base, and values as decimal deltas from the same series' last value in the
// group's reference (the compressed record before it), so a counter that grew by 0.44 takes a
// byte or two where the plain record takes eight. A reader turns it back into the plain samples
// record it was made from before anything else sees it. Byte layout: docs/format/metrics-wal.md.
import Codecs
import WardenCore

/// The last value of each series in a group, which the values of the next group are coded
/// against. Not thread-safe: one owner (a compressor or a decompressor).
struct WALValuePredictions {
  private struct Prediction {
    var bits: UInt64
    /// The value as mantissa × 10^−exponent, or exponent −1 when it has no such exact form.
    var mantissa: Int64
    var exponent: Int
  }

  private var predictions = SeriesIDTable(placeholder: Prediction(bits: 0, mantissa: 0, exponent: -1))
  /// Decoded samples of the record being learned, kept to reuse its storage.
  private var scratch: [WALSample] = []

  var isEmpty: Bool { predictions.isEmpty }

  mutating func removeAll() { predictions.removeAll() }

  /// Replaces the predictions with the last value of each series in `records` (framed records of
  /// types 1 to 3, as a compressed record holds them once opened).
  /// - Throws: `CodecError` if a samples record in it does not decode.
  mutating func learn(from records: UnsafeRawBufferPointer) throws(CodecError) {
    predictions.removeAll()
    var offset = 0
    while records.count - offset >= WALRecord.headerSize {
      let length = Int(records.loadUnaligned(fromByteOffset: offset, as: UInt32.self).bigEndian)
      let end = offset + WALRecord.headerSize + length
      guard end <= records.count else { throw .corrupt("WAL compressed record", "record past the end of the group") }
      if records[offset + 8] == WALRecordType.samples.rawValue {
        scratch.removeAll(keepingCapacity: true)
        try WALRecord.decodeSamples(UnsafeRawBufferPointer(rebasing: records[(offset + WALRecord.headerSize)..<end]), into: &scratch)
        for sample in scratch {
          let decimal = DecimalForm(sample.value)
          predictions[sample.seriesID] = Prediction(
            bits: sample.value.bitPattern, mantissa: decimal?.mantissa ?? 0, exponent: decimal?.exponent ?? -1)
        }
      }
      offset = end
    }
  }

  // MARK: - The record

  /// Value codes (uvarint, the kind in the low two bits).
  private enum Kind: UInt64 {
    /// zigzag(mantissa − predicted mantissa × 10^b) << 4 | b << 2: the value's decimal exponent
    /// is the prediction's plus b (0 to 3), so one more decimal digit than last time still codes
    /// as a delta.
    case decimalDelta = 0
    /// zigzag(mantissa) << 6 | exponent << 2: a decimal, not coded against the prediction.
    case decimal = 1
    /// Followed by u64 BE: the bit pattern XOR the prediction's (XOR 0 without one).
    case bits = 2
    /// The prediction's exact bits (a repeated NaN, infinity or non-decimal value).
    case same = 3
  }

  /// Appends `samples` as one predicted-samples record.
  func appendRecord(_ samples: [WALSample], to buffer: inout [UInt8]) {
    var unused = WALValuePredictions()
    appendRecord(samples, to: &buffer, learningInto: &unused)
  }

  /// Appends `samples` as one predicted-samples record, and records in `next` each sample's value
  /// as `learn(from:)` would learn it from the plain record (the coding has mostly worked out
  /// the decimal form already, so the writer need not decode its own records again).
  func appendRecord(_ samples: [WALSample], to buffer: inout [UInt8], learningInto next: inout WALValuePredictions) {
    guard let first = samples.first else { return }
    WALRecord.append(.predictedSamples, to: &buffer) { out in
      Varint.append(UInt64(samples.count), to: &out)
      Varint.appendZigZag(first.timestampMs, to: &out)
      var previousID: Int64 = 0
      for sample in samples {
        Varint.appendZigZag(Int64(sample.seriesID) - previousID - 1, to: &out)
        previousID = Int64(sample.seriesID)
      }
      for sample in samples { Varint.appendZigZag(sample.timestampMs &- first.timestampMs, to: &out) }
      for sample in samples {
        let bits = sample.value.bitPattern
        let prediction = predictions[sample.seriesID]
        if let prediction, prediction.bits == bits {
          Varint.append(Kind.same.rawValue, to: &out)
          next.predictions[sample.seriesID] = prediction
          continue
        }
        // The smallest exponent, as `learn(from:)` finds it (a delta's may be larger).
        let decimal = DecimalForm(sample.value)
        if let prediction, prediction.exponent >= 0, let delta = Self.decimalDelta(sample.value, from: prediction) {
          Varint.append(zigzag(delta.delta) << 4 | UInt64(delta.bump) << 2 | Kind.decimalDelta.rawValue, to: &out)
        } else if let decimal {
          Varint.append(zigzag(decimal.mantissa) << 6 | UInt64(decimal.exponent) << 2 | Kind.decimal.rawValue, to: &out)
        } else {
          Varint.append(Kind.bits.rawValue, to: &out)
          BigEndian.append(bits ^ (prediction?.bits ?? 0), to: &out)
        }
        next.predictions[sample.seriesID] = Prediction(
          bits: bits, mantissa: decimal?.mantissa ?? 0, exponent: decimal?.exponent ?? -1)
      }
    }
  }

  /// Decodes a predicted-samples record's payload.
  /// - Throws: `CodecError` naming the problem (counts past the record, a delta without a
  ///   decimal prediction, a mantissa out of range, ...).
  func decodeRecord(_ payload: UnsafeRawBufferPointer, into samples: inout [WALSample]) throws(CodecError) {
    let subject = "WAL predicted samples record"
    var reader = ByteReader(payload, subject: subject)
    let count = try reader.readVarint()
    guard count <= UInt64(payload.count) else { throw .corrupt(subject, "count \(count) exceeds record size") }
    let base = try reader.readZigZagVarint()
    let start = samples.count
    samples.reserveCapacity(start + Int(count))
    var id: Int64 = 0
    for _ in 0..<count {
      let delta = try reader.readZigZagVarint()
      let (next, overflow) = id.addingReportingOverflow(delta)
      guard !overflow, next &+ 1 >= 0, next &+ 1 <= Int64(UInt32.max) else { throw .corrupt(subject, "series id out of range") }
      id = next + 1
      samples.append(WALSample(seriesID: SeriesID(id), timestampMs: 0, value: 0))
    }
    for index in start..<samples.count { samples[index].timestampMs = base &+ (try reader.readZigZagVarint()) }
    for index in start..<samples.count {
      let prediction = predictions[samples[index].seriesID]
      let code = try reader.readVarint()
      switch Kind(rawValue: code & 3)! {
      case .same:
        guard code == Kind.same.rawValue, let prediction else { throw .corrupt(subject, "repeats a value it has no prediction for") }
        samples[index].value = Double(bitPattern: prediction.bits)
      case .decimalDelta:
        guard let prediction, prediction.exponent >= 0 else { throw .corrupt(subject, "a decimal delta without a decimal prediction") }
        let bump = Int(code >> 2 & 3)
        guard let scaled = Self.scale(prediction.mantissa, by: bump) else { throw .corrupt(subject, "decimal mantissa out of range") }
        let (mantissa, overflow) = scaled.addingReportingOverflow(unzigzag(code >> 4))
        guard !overflow, let value = DecimalForm.value(mantissa: mantissa, exponent: prediction.exponent + bump) else {
          throw .corrupt(subject, "decimal mantissa out of range")
        }
        samples[index].value = value
      case .decimal:
        guard let value = DecimalForm.value(mantissa: unzigzag(code >> 6), exponent: Int(code >> 2 & 15)) else {
          throw .corrupt(subject, "decimal mantissa or exponent out of range")
        }
        samples[index].value = value
      case .bits:
        guard code == Kind.bits.rawValue else { throw .corrupt(subject, "unknown value code \(code)") }
        samples[index].value = Double(bitPattern: try reader.readUInt64BE() ^ (prediction?.bits ?? 0))
      }
    }
    guard reader.isAtEnd else { throw .corrupt(subject, "\(reader.remaining) bytes after the last value") }
  }

  /// `value` as a mantissa delta from `prediction` at the prediction's exponent or up to three
  /// more, when one of those gives back exactly its bits.
  private static func decimalDelta(_ value: Double, from prediction: Prediction) -> (delta: Int64, bump: Int)? {
    for bump in 0...3 {
      guard let form = DecimalForm(value, exponent: prediction.exponent + bump) else { continue }
      guard let scaled = scale(prediction.mantissa, by: bump) else { return nil }
      return (form.mantissa - scaled, bump)
    }
    return nil
  }

  /// `mantissa` × 10^`bump`, nil past the exact range of a Double.
  private static func scale(_ mantissa: Int64, by bump: Int) -> Int64? {
    var result = mantissa
    for _ in 0..<bump {
      let (product, overflow) = result.multipliedReportingOverflow(by: 10)
      guard !overflow, product.magnitude < 1 << 53 else { return nil }
      result = product
    }
    return result
  }

  private func zigzag(_ value: Int64) -> UInt64 { UInt64(bitPattern: (value << 1) ^ (value >> 63)) }
  private func unzigzag(_ value: UInt64) -> Int64 { Int64(bitPattern: value >> 1) ^ -Int64(bitPattern: value & 1) }
}

/// A value as mantissa / 10^exponent, when that division gives back exactly its bits: most
/// exported values are short decimals, whose mantissas are small integers that change little.
struct DecimalForm {
  static let maxExponent = 9
  /// Below 2^53, every integer is exact as a Double.
  private static let mantissaLimit: Double = 9_007_199_254_740_992
  private static let powers: [Double] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9]

  var mantissa: Int64
  var exponent: Int

  /// Nil for values with no such form (NaN, ±Inf, −0, very large or long fractions).
  init?(_ value: Double) {
    for exponent in 0...Self.maxExponent {
      // Larger exponents only scale further; NaN fails the comparison too.
      guard abs(value * Self.powers[exponent]) < Self.mantissaLimit else { return nil }
      if let form = DecimalForm(value, exponent: exponent) {
        self = form
        return
      }
    }
    return nil
  }

  /// `value` at exactly this exponent, if that gives back exactly its bits.
  init?(_ value: Double, exponent: Int) {
    guard exponent >= 0, exponent <= Self.maxExponent else { return nil }
    let scaled = (value * Self.powers[exponent]).rounded()
    guard abs(scaled) < Self.mantissaLimit, Self.value(mantissa: Int64(scaled), exponent: exponent)?.bitPattern == value.bitPattern
    else { return nil }
    mantissa = Int64(scaled)
    self.exponent = exponent
  }

  /// The value of a decimal form, or nil when it is out of range.
  static func value(mantissa: Int64, exponent: Int) -> Double? {
    guard exponent >= 0, exponent <= maxExponent, mantissa.magnitude < 1 << 53 else { return nil }
    return Double(mantissa) / powers[exponent]
  }
}
