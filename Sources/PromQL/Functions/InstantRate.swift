// irate() and idelta(): the change between the last two samples of the window (per second for
// irate, which also treats a drop as a counter reset).

enum InstantRate {
  static func value(_ window: RangeWindow, isCounter: Bool) -> Double? {
    let values = window.values
    let timestamps = window.timestampsMs
    guard values.count >= 2 else { return nil }
    let lastIndex = values.index(before: values.endIndex)
    let previousIndex = values.index(before: lastIndex)
    let last = values[lastIndex]
    let previous = values[previousIndex]
    let intervalMs = timestamps[timestamps.index(before: timestamps.endIndex)] - timestamps[timestamps.index(timestamps.endIndex, offsetBy: -2)]
    if intervalMs == 0 { return nil }

    // After a reset the counter restarted from zero, so the last value is the whole increase.
    // `!(last < previous)` rather than `>=` keeps NaN on the subtraction path, as Prometheus does.
    var result = last
    if !isCounter || !(last < previous) {
      result = last - previous
    }
    if isCounter {
      result /= Double(intervalMs) / 1000
    }
    return result
  }
}
