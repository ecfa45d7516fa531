// Accumulates parsed StatsD values between flushes and turns each flush into one SampleBatch
// stamped with the flush time: counters cumulative as `<name>_total`, gauges kept between
// flushes, timers/histograms as summaries or histograms, sets as the window's distinct count.
// Series that go quiet for the idle timeout end with a staleness marker.
package import WardenCore

package struct StatsDAggregator: Sendable {
  package let options: StatsDAggregatorOptions
  private var index: [[UInt8]: Int] = [:]
  private var series: [StatsDSeries] = []
  // Scratch space reused for every line, so looking up an existing series allocates nothing.
  private var key: [UInt8] = []
  private var tagNames: [UInt8] = []
  private var tags: [(name: Range<Int>, value: Range<Int>)] = []
  private var random = SystemRandomNumberGenerator()

  package init(options: StatsDAggregatorOptions = StatsDAggregatorOptions()) {
    self.options = options
  }

  /// StatsD series currently tracked.
  package var seriesCount: Int { series.count }

  /// Applies the parsed values of one datagram; `datagram` is the buffer they were parsed from.
  package mutating func add(_ lines: [StatsDLine], from datagram: UnsafeBufferPointer<UInt8>) -> StatsDAddReport {
    var report = StatsDAddReport()
    var previous: (name: Range<Int>, tags: Range<Int>, slot: Int)?
    for line in lines {
      let slot: Int?
      // Packed values (`name:1:2:3|ms`) repeat name and tags: look them up once.
      if let previous, previous.name == line.name, previous.tags == line.tags {
        slot = previous.slot
      } else {
        slot = lookUp(line, datagram, report: &report)
      }
      guard let slot else { continue }
      previous = (line.name, line.tags, slot)
      guard series[slot].kind == StatsDSeriesKind(line.type) else {
        report.typeConflicts += 1
        continue
      }
      apply(line, to: slot, datagram)
      report.accepted += 1
    }
    return report
  }

  /// Convenience for tests: parse result and the bytes it came from.
  package mutating func add(_ result: StatsDParseResult, from datagram: [UInt8]) -> StatsDAddReport {
    datagram.withUnsafeBufferPointer { add(result.lines, from: $0) }
  }

  /// Ends the flush window: every live series' samples at `timestampMs`, staleness markers for
  /// series idle past the timeout (which are then forgotten).
  package mutating func flush(atMs timestampMs: Int64) -> SampleBatch {
    var batch = SampleBatch()
    let idleMs = options.idleTimeout.milliseconds
    var slot = 0
    while slot < series.count {
      if series[slot].isUpdated {
        series[slot].isUpdated = false
        series[slot].lastActiveMs = timestampMs
      } else if timestampMs - series[slot].lastActiveMs >= idleMs {
        for labels in series[slot].outputs {
          batch.append(labels, timestampMs: timestampMs, value: .staleMarker)
        }
        remove(slot)
        continue  // the last series moved into `slot`; it has not been flushed yet
      }
      emit(slot, into: &batch, timestampMs: timestampMs)
      slot += 1
    }
    return batch
  }

  // MARK: - Adding

  private mutating func lookUp(_ line: StatsDLine, _ bytes: UnsafeBufferPointer<UInt8>, report: inout StatsDAddReport)
    -> Int?
  {
    buildKey(line, bytes)
    if let slot = index[key] { return slot }
    guard series.count < options.maxSeries else {
      report.overSeriesLimit += 1
      return nil
    }
    let kind = StatsDSeriesKind(line.type)
    let name = StatsDNames.prometheusName(bytes, line.name)
    let labels = tags.map { tag in
      Label(
        String(decoding: tagNames[tag.name], as: UTF8.self),
        String(decoding: UnsafeBufferPointer(rebasing: bytes[tag.value]), as: UTF8.self))
    }
    var bucketCount = 0
    if kind == .observer, case .histogram(let buckets) = options.observerOutput { bucketCount = buckets.count }
    let outputs = StatsDSeries.outputs(kind: kind, name: name, tags: labels, observerOutput: options.observerOutput)
    series.append(StatsDSeries(key: key, kind: kind, outputs: outputs, bucketCount: bucketCount))
    index[key] = series.count - 1
    return series.count - 1
  }

  /// The key: mapped name, then each tag (sorted by mapped name, the last of equal names kept)
  /// as NUL-terminated name and length-prefixed value, so distinct label sets never collide.
  private mutating func buildKey(_ line: StatsDLine, _ bytes: UnsafeBufferPointer<UInt8>) {
    key.removeAll(keepingCapacity: true)
    tagNames.removeAll(keepingCapacity: true)
    tags.removeAll(keepingCapacity: true)
    StatsDNames.sanitize(bytes, line.name) { key.append($0) }
    key.append(0)
    _ = StatsDTags.forEach(bytes, line.tags) { name, value in
      let start = tagNames.count
      StatsDNames.sanitize(bytes, name) { tagNames.append($0) }
      tags.append((start..<tagNames.count, value))
    }
    guard !tags.isEmpty else { return }
    // Insertion sort: tag lists are short, and a stable sort keeps "last one wins" simple.
    for next in 1..<tags.count {
      var position = next
      while position > 0 && precedes(tags[position].name, tags[position - 1].name) {
        tags.swapAt(position, position - 1)
        position -= 1
      }
    }
    var write = 0
    for read in 0..<tags.count {
      if write > 0 && tagNames[tags[write - 1].name].elementsEqual(tagNames[tags[read].name]) {
        tags[write - 1] = tags[read]
      } else {
        tags[write] = tags[read]
        write += 1
      }
    }
    tags.removeSubrange(write...)
    for tag in tags {
      key.append(contentsOf: tagNames[tag.name])
      key.append(0)
      let length = UInt32(truncatingIfNeeded: tag.value.count)
      for shift in stride(from: 24, through: 0, by: -8) { key.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
      key.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[tag.value]))
    }
  }

  private func precedes(_ left: Range<Int>, _ right: Range<Int>) -> Bool {
    tagNames[left].lexicographicallyPrecedes(tagNames[right])
  }

  private mutating func apply(_ line: StatsDLine, to slot: Int, _ bytes: UnsafeBufferPointer<UInt8>) {
    series[slot].isUpdated = true
    switch series[slot].kind {
    case .counter:
      series[slot].value += line.value / line.sampleRate
    case .gauge:
      series[slot].value = line.isDelta ? series[slot].value + line.value : line.value
    case .set:
      guard series[slot].members.count < options.maxSetMembers else { return }
      var hash: UInt64 = 0xcbf2_9ce4_8422_2325
      for index in line.member { hash = (hash ^ UInt64(bytes[index])) &* 0x100_0000_01b3 }
      series[slot].members.insert(hash)
    case .observer:
      observe(line.value, weight: 1 / line.sampleRate, slot: slot)
    }
  }

  private mutating func observe(_ value: Double, weight: Double, slot: Int) {
    series[slot].sum += value * weight
    series[slot].count += weight
    switch options.observerOutput {
    case .summary:
      let observation = StatsDObservation(value: value, weight: weight)
      series[slot].windowSeen += 1
      if series[slot].window.count < options.maxWindowObservations {
        series[slot].window.append(observation)
      } else {
        let pick = Int.random(in: 0..<series[slot].windowSeen, using: &random)
        if pick < options.maxWindowObservations { series[slot].window[pick] = observation }
      }
    case .histogram(let buckets):
      // The first bucket whose upper bound holds the value; above the last only +Inf counts it.
      var low = 0
      var high = buckets.count
      while low < high {
        let middle = (low + high) / 2
        if buckets[middle] < value { low = middle + 1 } else { high = middle }
      }
      if low < buckets.count { series[slot].bucketCounts[low] += weight }
    }
  }

  // MARK: - Flushing

  private mutating func emit(_ slot: Int, into batch: inout SampleBatch, timestampMs: Int64) {
    let outputs = series[slot].outputs
    switch series[slot].kind {
    case .counter, .gauge:
      batch.append(outputs[0], timestampMs: timestampMs, value: series[slot].value)
    case .set:
      batch.append(outputs[0], timestampMs: timestampMs, value: Double(series[slot].members.count))
      series[slot].members.removeAll(keepingCapacity: true)
    case .observer:
      var position = 0
      switch options.observerOutput {
      case .summary(let quantiles):
        series[slot].window.sort { $0.value < $1.value }
        // Read in place (no local copy), so clearing the window below keeps its buffer.
        for quantile in quantiles {
          let value = Self.quantile(quantile, of: series[slot].window)
          batch.append(outputs[position], timestampMs: timestampMs, value: value)
          position += 1
        }
        series[slot].window.removeAll(keepingCapacity: true)
        series[slot].windowSeen = 0
      case .histogram:
        var cumulative = 0.0
        for count in series[slot].bucketCounts {
          cumulative += count
          batch.append(outputs[position], timestampMs: timestampMs, value: cumulative)
          position += 1
        }
        batch.append(outputs[position], timestampMs: timestampMs, value: series[slot].count)
        position += 1
      }
      batch.append(outputs[position], timestampMs: timestampMs, value: series[slot].sum)
      batch.append(outputs[position + 1], timestampMs: timestampMs, value: series[slot].count)
    }
  }

  /// The smallest observation whose cumulative weight reaches `q` of the total (nearest rank,
  /// weighted); NaN for an empty window, as client_golang reports an empty summary.
  static func quantile(_ q: Double, of sorted: [StatsDObservation]) -> Double {
    guard let last = sorted.last else { return .nan }
    var total = 0.0
    for observation in sorted { total += observation.weight }
    let target = q * total
    var cumulative = 0.0
    for observation in sorted {
      cumulative += observation.weight
      if cumulative >= target { return observation.value }
    }
    return last.value
  }

  private mutating func remove(_ slot: Int) {
    index[series[slot].key] = nil
    let last = series.count - 1
    if slot != last {
      series.swapAt(slot, last)
      index[series[slot].key] = slot
    }
    series.removeLast()
  }

}
