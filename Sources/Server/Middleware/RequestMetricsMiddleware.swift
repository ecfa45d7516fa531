// Counts every HTTP request by route pattern, method and status, and times it, into SelfMetrics.
import Hummingbird

struct RequestMetricsMiddleware<Context: RequestContext>: RouterMiddleware {
  let metrics: SelfMetrics

  func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws
    -> Response
  {
    let start = ContinuousClock.now
    do {
      let response = try await next(request, context)
      metrics.recordRequest(
        handler: context.endpointPath ?? "other", method: request.method.rawValue, code: response.status.code,
        duration: ContinuousClock.now - start)
      return response
    } catch {
      let status = (error as? any HTTPResponseError)?.status.code ?? 500
      // Unmatched paths are all "other": raw paths would let any client create series.
      metrics.recordRequest(
        handler: context.endpointPath ?? "other", method: request.method.rawValue, code: status,
        duration: ContinuousClock.now - start)
      throw error
    }
  }
}
