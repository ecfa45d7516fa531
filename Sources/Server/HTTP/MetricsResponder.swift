// Counts every HTTP request by route pattern, method and status, and times it, into SelfMetrics.
// A wrapper around the router's responder rather than router middleware, because Hummingbird
// runs middleware only for matched routes and 404s must be counted too.
import Hummingbird

struct MetricsResponder<Wrapped: HTTPResponder>: HTTPResponder where Wrapped.Context: RequestContext {
  typealias Context = Wrapped.Context
  let wrapped: Wrapped
  let metrics: SelfMetrics

  func respond(to request: Request, context: Context) async throws -> Response {
    let start = ContinuousClock.now
    let code: Int
    do {
      let response = try await wrapped.respond(to: request, context: context)
      code = response.status.code
      record(request, context, code, start)
      return response
    } catch {
      code = (error as? any HTTPResponseError)?.status.code ?? 500
      record(request, context, code, start)
      throw error
    }
  }

  /// The router fills in the matched pattern; unmatched paths all count as "other", since raw
  /// paths would let any client create series.
  private func record(_ request: Request, _ context: Context, _ code: Int, _ start: ContinuousClock.Instant) {
    // Hummingbird names unmatched requests "NotFound"; real patterns start with "/".
    let handler = context.endpointPath.flatMap { $0.hasPrefix("/") ? $0 : nil } ?? "other"
    metrics.recordRequest(
      handler: handler, method: request.method.rawValue, code: code,
      duration: ContinuousClock.now - start)
  }
}
