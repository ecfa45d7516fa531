// Every on-disk name the metric store uses, in one place.

enum FileNames {
  /// The store's directory inside the data directory.
  static let storeDirectory = "metrics"
  /// Write-ahead log segments live here, named by 8-digit sequence number.
  static let walDirectory = "wal"

  static func walSegment(_ index: Int) -> String {
    let digits = String(index)
    return String(repeating: "0", count: max(0, 8 - digits.count)) + digits
  }

  /// The index of a segment file name, or nil for anything else in the directory.
  static func walSegmentIndex(_ name: String) -> Int? {
    guard name.count == 8, name.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
    return Int(name)
  }
}
