// The four PromQL value types, named as Prometheus names them in type errors and in the API's
// `resultType`.

package enum ValueType: Sendable, Equatable {
  case scalar
  case string
  case vector
  case matrix

  /// As written in parse errors: "expected type instant vector in call to function ...".
  package var documentedName: String {
    switch self {
    case .scalar: "scalar"
    case .string: "string"
    case .vector: "instant vector"
    case .matrix: "range vector"
    }
  }

  /// As written in the HTTP API's `resultType`.
  package var apiName: String {
    switch self {
    case .scalar: "scalar"
    case .string: "string"
    case .vector: "vector"
    case .matrix: "matrix"
    }
  }
}
