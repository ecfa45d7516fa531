// `/api/v1/query` and `/api/v1/query_range`, Prometheus's PromQL endpoints (GET with a query
// string or POST with a form body), with its parameter checks in its order and wording, and the
// result written in its exact JSON layout.
import Foundation
import Hummingbird
import PromQL
import WardenCore

struct QueryRoutes {
  let service: QueryService

  func register(on router: Router<some RequestContext>) {
    router.get("/api/v1/query") { request, _ in try await instant(request) }
    router.post("/api/v1/query") { request, _ in try await instant(request) }
    router.get("/api/v1/query_range") { request, _ in try await range(request) }
    router.post("/api/v1/query_range") { request, _ in try await range(request) }
  }

  private func instant(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let limit = try QueryAPIParameters.limit(parameters)
    let nowMs = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
    let atMs = try QueryAPIParameters.optionalTime(parameters, "time", fallback: nowMs)
    let settings = try Self.settings(parameters)
    let query = parameters.first("query") ?? ""
    let expr = try Self.parse(query)
    _ = try service.store()
    return try await execute(query: query, parameters: parameters, settings: settings, limit: limit) { engine, overrides in
      do throws(QueryError) {
        return .success(try await engine.instant(expr, atMs: atMs, overrides: overrides))
      } catch {
        return .failure(error)
      }
    }
  }

  private func range(_ request: Request) async throws -> Response {
    let parameters = try await FormParameters.read(request)
    let limit = try QueryAPIParameters.limit(parameters)
    let startMs = try QueryAPIParameters.requiredTime(parameters, "start")
    let endMs = try QueryAPIParameters.requiredTime(parameters, "end")
    guard endMs >= startMs else {
      throw QueryAPIParameters.invalid("end", "end timestamp must not be before start time")
    }
    let stepNs: Int64
    switch QueryAPIParameters.parseDuration(parameters.first("step") ?? "") {
    case .success(let value): stepNs = value
    case .failure(let error): throw QueryAPIParameters.invalid("step", error.description)
    }
    // Below a millisecond the step would be 0 for the engine: refuse it like a zero step.
    guard stepNs > 0, stepNs / 1_000_000 > 0 else {
      throw QueryAPIParameters.invalid(
        "step", "zero or negative query resolution step widths are not accepted. Try a positive integer")
    }
    let (spanNs, overflow) = (endMs - startMs).multipliedReportingOverflow(by: 1_000_000)
    if overflow || spanNs / stepNs > 11_000 {
      throw APIError.badData(
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution (?step=XX)")
    }
    let stepMs = stepNs / 1_000_000
    let settings = try Self.settings(parameters)
    let query = parameters.first("query") ?? ""
    let expr = try Self.parse(query)
    _ = try service.store()
    return try await execute(query: query, parameters: parameters, settings: settings, limit: limit) { engine, overrides in
      do throws(QueryError) {
        return .success(try await engine.range(expr, startMs: startMs, endMs: endMs, stepMs: stepMs, overrides: overrides))
      } catch {
        return .failure(error)
      }
    }
  }

  private struct Settings {
    var timeout: Duration?
    var lookbackDeltaMs: Int64?
  }

  /// `timeout` and `lookback_delta`, as Prometheus reads them after the times.
  private static func settings(_ parameters: FormParameters) throws(APIError) -> Settings {
    var settings = Settings()
    if let text = parameters.first("timeout"), !text.isEmpty {
      switch QueryAPIParameters.parseDuration(text) {
      case .success(let ns): settings.timeout = .nanoseconds(ns)
      case .failure(let error): throw QueryAPIParameters.invalid("timeout", error.description)
      }
    }
    if let text = parameters.first("lookback_delta"), !text.isEmpty {
      switch QueryAPIParameters.parseDuration(text) {
      case .success(let ns): settings.lookbackDeltaMs = ns / 1_000_000
      case .failure(let error): throw APIError.badData("error parsing lookback delta duration: \(error)")
      }
    }
    return settings
  }

  private static func parse(_ query: String) throws(APIError) -> Expr {
    do throws(ParseError) {
      return try PromQLParser.parse(query)
    } catch {
      throw QueryAPIParameters.invalid("query", error.rendered(in: query))
    }
  }

  private func execute(
    query: String, parameters: FormParameters, settings: Settings, limit: Int,
    _ evaluate: @escaping @Sendable (QueryEngine, QueryOverrides) async -> Result<QueryResult, QueryError>
  ) async throws -> Response {
    let clock = ContinuousClock()
    let started = clock.now
    let outcome = await service.run(timeout: settings.timeout, lookbackDeltaMs: settings.lookbackDeltaMs, evaluate)
    let elapsed = clock.now - started
    var result: QueryResult
    switch outcome {
    case .success(let value): result = value
    case .failure(let error): throw QueryAPIResponse.error(error, query: query)
    }
    var (warnings, infos) = QueryAPIResponse.annotationTexts(result.annotations, query: query)
    if limit > 0, Self.truncate(&result.value, to: limit) {
      warnings.append("results truncated due to limit")
    }
    var stats: QueryStats?
    if let asked = parameters.first("stats"), !asked.isEmpty {
      stats = QueryStats(
        evalSeconds: Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18,
        queueSeconds: 0, samplesLoaded: result.samplesLoaded)
    }
    let value = result.value
    return QueryAPIResponse.success(warnings: warnings, infos: infos) { writer in
      QueryAPIResponse.writeQueryData(value, stats: stats, into: &writer)
    }
  }

  /// Keeps the first `limit` samples or series; true when some were dropped.
  static func truncate(_ value: inout QueryValue, to limit: Int) -> Bool {
    switch value {
    case .vector(let samples) where samples.count > limit:
      value = .vector(Array(samples.prefix(limit)))
      return true
    case .matrix(let series) where series.count > limit:
      value = .matrix(Array(series.prefix(limit)))
      return true
    default:
      return false
    }
  }
}
