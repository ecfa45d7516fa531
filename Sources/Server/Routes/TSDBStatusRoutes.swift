// `/api/v1/status/tsdb`: the metric store's head statistics and top cardinalities, in
// Prometheus's response shape (Grafana and promtool read it).
import Hummingbird
import MetricStore

struct TSDBStatusRoutes {
  let stores: Stores

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/status/tsdb") { request, _ -> Response in
      guard let store = stores.metrics else {
        throw APIError.unavailable("the metric store is still opening")
      }
      var limit = 10
      if let text = request.uri.queryParameters.get("limit") {
        guard let parsed = Int(text), parsed > 0, parsed <= 10_000 else {
          throw APIError.badData("limit must be an integer from 1 to 10000, got \"\(text)\"")
        }
        limit = parsed
      }
      return JSONBody.success(store.status(limit: limit))
    }
  }
}
