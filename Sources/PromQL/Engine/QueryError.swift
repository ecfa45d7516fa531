// Why a query failed, mapped to the HTTP API's `errorType` and message.

package enum QueryError: Error, Sendable, Equatable {
  /// The text does not parse or type-check (400 bad_data).
  case parse(ParseError)
  /// A request parameter or argument value is unacceptable, e.g. a range query with too many
  /// steps or `quantile` outside a scalar (400 bad_data).
  case badData(String)
  /// Evaluation failed, e.g. "vector cannot contain metrics with the same labelset" (422 execution).
  case execution(String)
  /// More samples than `QueryOptions.maxSamples` would be held in memory (422 execution).
  case tooManySamples
  /// The query ran past its timeout (503 timeout).
  case timeout
  /// The caller went away (499/503 canceled).
  case canceled
  /// The storage failed (500 internal).
  case storage(String)

  /// The API's `errorType`.
  package var errorType: String {
    switch self {
    case .parse, .badData: "bad_data"
    case .execution, .tooManySamples: "execution"
    case .timeout: "timeout"
    case .canceled: "canceled"
    case .storage: "internal"
    }
  }

  /// The API's `error` text; `query` is needed to render parse positions as line:column.
  package func message(query: String) -> String {
    switch self {
    case .parse(let error): error.rendered(in: query)
    case .badData(let message), .execution(let message), .storage(let message): message
    case .tooManySamples: "query processing would load too many samples into memory in query execution"
    case .timeout: "query timed out in query execution"
    case .canceled: "query was canceled in query execution"
    }
  }
}
