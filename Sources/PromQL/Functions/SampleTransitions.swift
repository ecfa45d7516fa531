// changes() and resets(): how often consecutive samples differ, or drop.

enum SampleTransitions {
  /// Consecutive pairs that differ; two NaNs in a row are not a change.
  static func changes(_ values: UnsafeBufferPointer<Double>) -> Double {
    guard var previous = values.first else { return 0 }
    var count = 0
    for value in values.dropFirst() {
      if value != previous && !(value.isNaN && previous.isNaN) { count += 1 }
      previous = value
    }
    return Double(count)
  }

  /// Consecutive pairs where the value drops (a counter restart).
  static func resets(_ values: UnsafeBufferPointer<Double>) -> Double {
    guard var previous = values.first else { return 0 }
    var count = 0
    for value in values.dropFirst() {
      if value < previous { count += 1 }
      previous = value
    }
    return Double(count)
  }
}
