// One binary operator applied to two floats, as Prometheus defines it: comparisons yield the left
// value and whether to keep it; `%` is the truncated remainder (C's fmod, Go's math.Mod).
import Foundation

enum BinaryArithmetic {
  /// `value` is the result (for comparisons, `lhs`); `keep` is false when a comparison fails.
  @inline(__always)
  static func apply(_ op: BinaryOp, _ lhs: Double, _ rhs: Double) -> (value: Double, keep: Bool) {
    switch op {
    case .add: return (lhs + rhs, true)
    case .sub: return (lhs - rhs, true)
    case .mul: return (lhs * rhs, true)
    case .div: return (lhs / rhs, true)
    case .mod: return (lhs.truncatingRemainder(dividingBy: rhs), true)
    case .pow: return (Foundation.pow(lhs, rhs), true)
    case .atan2: return (Foundation.atan2(lhs, rhs), true)
    case .eql: return (lhs, lhs == rhs)
    case .neq: return (lhs, lhs != rhs)
    case .gtr: return (lhs, lhs > rhs)
    case .lss: return (lhs, lhs < rhs)
    case .gte: return (lhs, lhs >= rhs)
    case .lte: return (lhs, lhs <= rhs)
    case .and, .or, .unless: return (lhs, true)
    }
  }

  /// Arithmetic results are new quantities, so they lose the metric name; comparisons filter and
  /// keep it (unless `bool`).
  static func dropsName(_ op: BinaryOp) -> Bool {
    !op.isComparison && !op.isSetOperator
  }
}
