// Parses /proc/loadavg ("0.52 0.58 0.59 2/1101 12345") into the three load averages.

enum LoadavgParser {
  /// The 1, 5 and 15 minute load averages; nil unless the file starts with three numbers.
  static func parse(_ bytes: UnsafeBufferPointer<UInt8>) -> (Double, Double, Double)? {
    var cursor = ByteCursor(bytes)
    guard let one = cursor.nextField().flatMap(parseDecimal),
      let five = cursor.nextField().flatMap(parseDecimal),
      let fifteen = cursor.nextField().flatMap(parseDecimal)
    else { return nil }
    return (one, five, fifteen)
  }
}
