// Parsers for the one-line files of /proc and /sys: file-nr, single numbers, and word lists.

enum FileNrParser {
  /// `/proc/sys/fs/file-nr` holds allocated, unused (always 0 since 2.6) and maximum handles.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (allocated: UInt64, maximum: UInt64)? {
    var cursor = ByteCursor(bytes)
    guard let allocated = cursor.nextUInt64(), cursor.nextUInt64() != nil, let maximum = cursor.nextUInt64() else {
      return nil
    }
    return (allocated, maximum)
  }
}

enum SingleValueParser {
  /// A file holding one unsigned number, such as `entropy_avail` or a sysfs statistic.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
    parseUInt64(bytes.trimmed())
  }

  /// Calls `body` with each whitespace-separated word of a file such as `available_clocksource`,
  /// skipping words already seen (a repeated word would repeat a series).
  static func forEachDistinctWord(in bytes: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> Void) {
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      while let word = line.nextField() {
        if !occursBefore(word, in: bytes) { body(word) }
      }
    }
  }

  /// Whether `word` (a slice of `bytes`) also appears as a whole word earlier in `bytes`.
  private static func occursBefore(_ word: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard let wordStart = word.baseAddress, let base = bytes.baseAddress else { return false }
    var cursor = ByteCursor(bytes.slice(0, wordStart - base))
    while var line = cursor.nextLine() {
      while let earlier = line.nextField() {
        if earlier.elementsEqual(word) { return true }
      }
    }
    return false
  }
}

/// Parses /proc/vmstat ("pgfault 4398146") and picks node_exporter's default fields.
enum VmstatParser {
  /// Calls `body` with each line's name and value.
  static func forEachField(
    in bytes: UnsafeBufferPointer<UInt8>,
    _ body: (_ name: UnsafeBufferPointer<UInt8>, _ value: UInt64) -> Void
  ) {
    var cursor = ByteCursor(bytes)
    while var line = cursor.nextLine() {
      guard let name = line.nextField(), let value = line.nextUInt64() else { continue }
      body(name, value)
    }
  }

  /// node_exporter's default field selection, `^(oom_kill|pgpg|pswp|pg.*fault).*`.
  static func isReported(_ name: UnsafeBufferPointer<UInt8>) -> Bool {
    if name.hasPrefix("oom_kill") || name.hasPrefix("pgpg") || name.hasPrefix("pswp") { return true }
    guard name.hasPrefix("pg"), name.count >= 7 else { return false }
    for start in 2...(name.count - 5) where name.slice(start, start + 5).equals("fault") { return true }
    return false
  }
}
