// How Prometheus orders sample values in sort(), sort_desc(), topk() and bottomk(): NaN always
// ends up last in the output and is the first value dropped from a top/bottom set.

package enum SampleOrdering {
  /// sort(): ascending, NaN last.
  package static func ascendingNaNLast(_ lhs: Double, _ rhs: Double) -> Bool {
    if lhs.isNaN { return false }
    if rhs.isNaN { return true }
    return lhs < rhs
  }

  /// sort_desc(): descending, NaN last.
  package static func descendingNaNLast(_ lhs: Double, _ rhs: Double) -> Bool {
    if lhs.isNaN { return false }
    if rhs.isNaN { return true }
    return lhs > rhs
  }

  /// topk: whether `candidate` replaces `weakest`, the smallest value kept so far (a NaN kept so
  /// far is weaker than any number). Output order is `descendingNaNLast`.
  package static func topkReplaces(_ candidate: Double, weakest: Double) -> Bool {
    weakest < candidate || (weakest.isNaN && !candidate.isNaN)
  }

  /// bottomk: whether `candidate` replaces `weakest`, the largest value kept so far (a NaN kept
  /// so far is weaker than any number). Output order is `ascendingNaNLast`.
  package static func bottomkReplaces(_ candidate: Double, weakest: Double) -> Bool {
    weakest > candidate || (weakest.isNaN && !candidate.isNaN)
  }
}
