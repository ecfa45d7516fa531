// The per-stream and per-line limits of appends (Loki's names in `LogStoreOptions`): which reason,
// if any, refuses a stream's label set, and where an over-long line is cut.
import WardenCore

enum LogStreamLimits {
  /// Why `labels` cannot be a stream, or nil when it can.
  static func problem(_ labels: Labels, options: LogStoreOptions) -> LogRejectReason? {
    if labels.isEmpty { return .invalidLabels }
    for label in labels.pairs where !LabelName.isValid(label.name) { return .invalidLabels }
    if labels.count > options.maxLabelsPerStream { return .tooManyLabels }
    for label in labels.pairs
    where label.name.utf8.count > options.maxLabelNameBytes || label.value.utf8.count > options.maxLabelValueBytes {
      return .labelTooLong
    }
    return nil
  }

  /// The length to cut `line` to: at most `limit` bytes, never inside a UTF-8 sequence.
  static func truncationLength(_ line: ArraySlice<UInt8>, limit: Int) -> Int {
    guard line.count > limit else { return line.count }
    var cut = limit
    // A continuation byte (10xxxxxx) right after the cut means the cut splits a character.
    while cut > 0, line[line.startIndex + cut] & 0xC0 == 0x80, limit - cut < 3 { cut -= 1 }
    return cut
  }
}
