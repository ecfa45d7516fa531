// Per-step line and byte counts of one output series for count_over_time, rate, bytes_over_time,
// bytes_rate and absent_over_time. A record adds to every window holding it through a difference
// array (+1 at its first step, -1 after its last), turned into counts by one prefix sum at the end.

struct WindowCounts {
  private var lineDeltas: [Int64]
  private var byteDeltas: [Int64]

  init(steps: Int) {
    lineDeltas = [Int64](repeating: 0, count: steps + 1)
    byteDeltas = [Int64](repeating: 0, count: steps + 1)
  }

  @inline(__always)
  mutating func add(_ steps: ClosedRange<Int>, bytes: Int) {
    lineDeltas[steps.lowerBound] += 1
    lineDeltas[steps.upperBound + 1] -= 1
    byteDeltas[steps.lowerBound] += Int64(bytes)
    byteDeltas[steps.upperBound + 1] -= Int64(bytes)
  }

  /// Adds another task's counts of the same steps.
  mutating func add(_ other: WindowCounts) {
    for index in lineDeltas.indices {
      lineDeltas[index] += other.lineDeltas[index]
      byteDeltas[index] += other.byteDeltas[index]
    }
  }

  /// Lines and bytes in each step's window.
  func totals() -> (lines: [Int64], bytes: [Int64]) {
    let steps = lineDeltas.count - 1
    var lines = [Int64](repeating: 0, count: steps)
    var bytes = [Int64](repeating: 0, count: steps)
    var lineTotal: Int64 = 0
    var byteTotal: Int64 = 0
    for step in 0..<steps {
      lineTotal += lineDeltas[step]
      byteTotal += byteDeltas[step]
      lines[step] = lineTotal
      bytes[step] = byteTotal
    }
    return (lines, bytes)
  }
}
