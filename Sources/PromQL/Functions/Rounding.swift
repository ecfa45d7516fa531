// round(v, to_nearest) with Prometheus's exact arithmetic: ties upwards, via the inverse.

package enum Rounding {
  /// Rounds to the nearest multiple of `toNearest`, ties upwards (-2.5 → -2). Multiplying by the
  /// inverse, as Prometheus does, gives fewer representation errors than dividing (round(x, 0.1)).
  package static func round(_ value: Double, toNearest: Double = 1) -> Double {
    let inverse = 1.0 / toNearest
    return (value * inverse + 0.5).rounded(.down) / inverse
  }
}
