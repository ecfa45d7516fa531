// Runs a rule's expression at one instant on the engine of its language and hands back an
// instant vector, as Prometheus's rule query function does: a scalar becomes one sample with no
// labels; anything else is an error.
import LogQL
import PromQL
import WardenCore

struct RuleQueryRunner: Sendable {
  let promQL: QueryEngine
  let logQL: LogQLEngine?

  static let notVector = "rule result is not a vector or scalar"

  func instant(_ query: RuleQuery, atMs: Int64) async -> Result<[VectorSample], RuleEvaluationError> {
    switch query {
    case .promQL(let expr):
      do {
        return Self.vector(try await promQL.instant(expr, atMs: atMs).value)
      } catch {
        return .failure(RuleEvaluationError(error.message(query: expr.description)))
      }
    case .logQL(let expr):
      guard let logQL else {
        return .failure(RuleEvaluationError("cannot evaluate a LogQL rule: the log store is not enabled"))
      }
      do {
        let result = try await logQL.query(.metric(expr), .instant(atMs * 1_000_000))
        switch result.value {
        case .vector(let samples): return .success(samples)
        case .scalar(let timestampMs, let value):
          return .success([VectorSample(labels: Labels(), timestampMs: timestampMs, value: value)])
        case .matrix, .streams: return .failure(RuleEvaluationError(Self.notVector))
        }
      } catch {
        return .failure(RuleEvaluationError(error.message))
      }
    }
  }

  /// The `query` template function: the text in the rule's own language.
  func instant(text: String, language: RuleLanguage, atMs: Int64) async throws -> [VectorSample] {
    let query: RuleQuery
    switch language {
    case .promQL:
      do {
        query = .promQL(try PromQLParser.parse(text))
      } catch {
        throw RuleEvaluationError(error.rendered(in: text))
      }
    case .logQL:
      do {
        query = .logQL(try LogQLParser.parseMetric(text))
      } catch {
        throw RuleEvaluationError(error.rendered(in: text))
      }
    }
    return try await instant(query, atMs: atMs).get()
  }

  private static func vector(_ value: QueryValue) -> Result<[VectorSample], RuleEvaluationError> {
    switch value {
    case .vector(let samples): .success(samples)
    case .scalar(let timestampMs, let value): .success([VectorSample(labels: Labels(), timestampMs: timestampMs, value: value)])
    case .matrix, .string: .failure(RuleEvaluationError(notVector))
    }
  }
}

/// Why a rule's evaluation failed; its text becomes the rule's `lastError`.
package struct RuleEvaluationError: Error, Sendable, CustomStringConvertible {
  package var message: String

  package init(_ message: String) {
    self.message = message
  }

  package var description: String { message }
}
