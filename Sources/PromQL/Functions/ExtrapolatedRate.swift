// rate(), increase() and delta(): the change over the window, corrected for counter resets and
// extrapolated towards the window's edges the way Prometheus does, so results match it exactly.

enum ExtrapolatedRate {
  /// nil with fewer than two samples (Prometheus emits nothing then).
  static func value(_ window: RangeWindow, isCounter: Bool, isRate: Bool) -> Double? {
    let values = window.values
    let timestamps = window.timestampsMs
    guard values.count >= 2, let firstValue = values.first, let lastValue = values.last,
      let firstMs = timestamps.first, let lastMs = timestamps.last
    else { return nil }

    var result = lastValue - firstValue
    if isCounter {
      // A drop means the counter restarted from zero: the value before the drop was all gained.
      var previous = firstValue
      for value in values.dropFirst() {
        if value < previous { result += previous }
        previous = value
      }
    }

    var durationToStart = Double(firstMs - window.rangeStartMs) / 1000
    var durationToEnd = Double(window.rangeEndMs - lastMs) / 1000
    let sampledInterval = Double(lastMs - firstMs) / 1000
    let averageInterval = sampledInterval / Double(values.count - 1)

    // A gap to an edge longer than ~1.1 average intervals means the series starts or ends inside
    // the window: extrapolate only half an interval there, not all the way to the edge.
    let extrapolationThreshold = averageInterval * 1.1
    if durationToStart >= extrapolationThreshold {
      durationToStart = averageInterval / 2
    }
    if isCounter {
      // A counter cannot go below zero, so never extrapolate past the point where it would be 0.
      var durationToZero = durationToStart
      if result > 0 && firstValue >= 0 {
        durationToZero = sampledInterval * (firstValue / result)
      }
      if durationToZero < durationToStart {
        durationToStart = durationToZero
      }
    }
    if durationToEnd >= extrapolationThreshold {
      durationToEnd = averageInterval / 2
    }

    var factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval
    if isRate {
      factor /= window.rangeSeconds
    }
    return result * factor
  }
}
