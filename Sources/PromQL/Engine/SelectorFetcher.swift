// Reads every distinct selector of a query from storage once, for the whole span the query needs,
// running the reads concurrently when there are several.
import WardenCore

struct SelectorFetcher: Sendable {
  let source: any SeriesSource
  let maxSamples: Int

  struct Fetched: Sendable {
    var series: [[LabelMatcher]: [SeriesSamples]] = [:]
    var sampleCount = 0
  }

  private enum Outcome: Sendable {
    case success([LabelMatcher], [SeriesSamples])
    case failure(QueryError)
  }

  func fetch(_ spans: [[LabelMatcher]: (startMs: Int64, endMs: Int64)], deadline: ContinuousClock.Instant) async throws(QueryError) -> Fetched {
    var fetched = Fetched()
    if spans.count == 1, let (matchers, span) = spans.first {
      switch read(matchers, span.startMs, span.endMs) {
      case .success(let key, let series): try add(key, series, to: &fetched)
      case .failure(let error): throw error
      }
      return fetched
    }
    let outcomes = await withTaskGroup(of: Outcome.self, returning: [Outcome].self) { group in
      for (matchers, span) in spans {
        group.addTask { read(matchers, span.startMs, span.endMs) }
      }
      var all: [Outcome] = []
      for await outcome in group { all.append(outcome) }
      return all
    }
    for outcome in outcomes {
      switch outcome {
      case .success(let key, let series): try add(key, series, to: &fetched)
      case .failure(let error): throw error
      }
    }
    if Task.isCancelled { throw .canceled }
    if ContinuousClock.now >= deadline { throw .timeout }
    return fetched
  }

  private func add(_ matchers: [LabelMatcher], _ series: [SeriesSamples], to fetched: inout Fetched) throws(QueryError) {
    for item in series { fetched.sampleCount += item.values.count }
    if fetched.sampleCount > maxSamples { throw .tooManySamples }
    fetched.series[matchers] = series
  }

  private func read(_ matchers: [LabelMatcher], _ startMs: Int64, _ endMs: Int64) -> Outcome {
    if Task.isCancelled { return .failure(.canceled) }
    do {
      return .success(matchers, try source.select(matchers, startMs: startMs, endMs: endMs))
    } catch let error as QueryError {
      return .failure(error)
    } catch {
      return .failure(.storage("\(error)"))
    }
  }
}
