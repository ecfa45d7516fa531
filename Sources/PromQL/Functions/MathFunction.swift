// The element-wise functions of one float (abs, exp, trigonometry, …), by PromQL name. They keep
// every sample (NaN in, NaN out) and drop the metric name; the engine handles labels.
#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

package enum MathFunction: String, Sendable, CaseIterable {
  case abs, ceil, floor, exp, sqrt, ln, log2, log10, sgn
  case acos, acosh, asin, asinh, atan, atanh, cos, cosh, sin, sinh, tan, tanh
  case deg, rad

  package func apply(_ value: Double) -> Double {
    switch self {
    case .abs: Swift.abs(value)
    case .ceil: value.rounded(.up)
    case .floor: value.rounded(.down)
    case .exp: libmExp(value)
    case .sqrt: value.squareRoot()
    case .ln: libmLog(value)
    case .log2: libmLog2(value)
    case .log10: libmLog10(value)
    // Zero (either sign) and NaN come back unchanged.
    case .sgn: value < 0 ? -1 : (value > 0 ? 1 : value)
    case .acos: libmAcos(value)
    case .acosh: libmAcosh(value)
    case .asin: libmAsin(value)
    case .asinh: libmAsinh(value)
    case .atan: libmAtan(value)
    case .atanh: libmAtanh(value)
    case .cos: libmCos(value)
    case .cosh: libmCosh(value)
    case .sin: libmSin(value)
    case .sinh: libmSinh(value)
    case .tan: libmTan(value)
    case .tanh: libmTanh(value)
    // Multiply before dividing, in Prometheus's order, so results agree to the last bit.
    case .deg: value * 180 / Double.pi
    case .rad: value * Double.pi / 180
    }
  }
}

// The C library's functions under names the enum's cases (`exp`, `sin`, …) cannot shadow.
private func libmExp(_ x: Double) -> Double { exp(x) }
private func libmLog(_ x: Double) -> Double { log(x) }
private func libmLog2(_ x: Double) -> Double { log2(x) }
private func libmLog10(_ x: Double) -> Double { log10(x) }
private func libmAcos(_ x: Double) -> Double { acos(x) }
private func libmAcosh(_ x: Double) -> Double { acosh(x) }
private func libmAsin(_ x: Double) -> Double { asin(x) }
private func libmAsinh(_ x: Double) -> Double { asinh(x) }
private func libmAtan(_ x: Double) -> Double { atan(x) }
private func libmAtanh(_ x: Double) -> Double { atanh(x) }
private func libmCos(_ x: Double) -> Double { cos(x) }
private func libmCosh(_ x: Double) -> Double { cosh(x) }
private func libmSin(_ x: Double) -> Double { sin(x) }
private func libmSinh(_ x: Double) -> Double { sinh(x) }
private func libmTan(_ x: Double) -> Double { tan(x) }
private func libmTanh(_ x: Double) -> Double { tanh(x) }
