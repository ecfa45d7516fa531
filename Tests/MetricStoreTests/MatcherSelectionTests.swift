// Selecting series by matchers through the store, with Prometheus's semantics: anchored regexes,
// empty values matching absent labels, and combinations.
@testable import MetricStore
import Testing
import WardenCore

struct MatcherSelectionTests {
  /// Six series across two metrics, some without the `env` label.
  private func store() async throws -> MetricStore {
    let store = try makeStore()
    var batch = SampleBatch()
    for (name, job, env) in [
      ("up", "node", "prod"), ("up", "node", "dev"), ("up", "api", ""), ("up", "apiserver", "prod"),
      ("http_requests_total", "api", "prod"), ("http_requests_total", "web", ""),
    ] {
      batch.append(labels(["__name__": name, "job": job, "env": env]), timestampMs: 1000, value: 1)
    }
    #expect(try await store.append(batch).appended == 6)
    return store
  }

  private func select(_ store: MetricStore, _ matchers: [LabelMatcher]) throws -> [String] {
    try store.series(matchers, startMs: 0, endMs: 2000).map(\.description)
  }

  @Test func equalAndNotEqual() async throws {
    let store = try await store()
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.equal, "job", "node")]) == [
      #"up{env="dev", job="node"}"#, #"up{env="prod", job="node"}"#,
    ])
    // Sorted as Prometheus sorts label sets: pair by pair, so env="prod" comes before job="api".
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.notEqual, "job", "node")]) == [
      #"up{env="prod", job="apiserver"}"#, #"up{job="api"}"#,
    ])
  }

  @Test func regexesAreFullyAnchored() async throws {
    let store = try await store()
    // "api" must not match "apiserver".
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.regexMatch, "job", "api")]) == [#"up{job="api"}"#])
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.regexMatch, "job", "api.*")]).count == 2)
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.regexMatch, "job", "n.d[e]")]).count == 2)
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.regexNoMatch, "job", "api|node")]) == [
      #"up{env="prod", job="apiserver"}"#
    ])
  }

  @Test func emptyValueMatchesAbsentLabel() async throws {
    let store = try await store()
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.equal, "env", "")]) == [#"up{job="api"}"#])
    #expect(try select(store, [matcher(.equal, "__name__", "up"), matcher(.notEqual, "env", "")]).count == 3)
    #expect(try select(store, [matcher(.regexMatch, "env", "dev|")]).count == 3)  // dev, and the two without env
    #expect(try select(store, [matcher(.regexMatch, "env", ".+")]).count == 4)
    #expect(try select(store, [matcher(.regexNoMatch, "env", ".*")]).isEmpty)
    #expect(try select(store, [matcher(.equal, "nosuchlabel", "")]).count == 6)
  }

  @Test func nameRegexAndUnknownValues() async throws {
    let store = try await store()
    #expect(try select(store, [matcher(.regexMatch, "__name__", "http_.*")]).count == 2)
    #expect(try select(store, [matcher(.equal, "job", "nope")]).isEmpty)
    #expect(try select(store, [matcher(.regexMatch, "__name__", ".+"), matcher(.equal, "job", "web")]) == [
      #"http_requests_total{job="web"}"#
    ])
  }

  @Test func labelNamesAndValuesUnderMatchers() async throws {
    let store = try await store()
    #expect(try store.labelNames([], startMs: 0, endMs: 2000) == ["__name__", "env", "job"])
    #expect(try store.labelNames([matcher(.equal, "job", "web")], startMs: 0, endMs: 2000) == ["__name__", "job"])
    #expect(try store.labelValues("job", [], startMs: 0, endMs: 2000) == ["api", "apiserver", "node", "web"])
    #expect(try store.labelValues("job", [matcher(.equal, "env", "prod")], startMs: 0, endMs: 2000) == ["apiserver", "api", "node"].sorted())
    // Outside the time range nothing is there.
    #expect(try store.labelNames([], startMs: 5000, endMs: 6000).isEmpty)
  }

  @Test func invalidRegexIsAnError() {
    #expect(throws: LabelMatcherError.self) { try LabelMatcher(.regexMatch, "job", "(unclosed") }
  }
}

struct PostingsListTests {
  @Test(arguments: [
    ([1, 3, 5, 7], [3, 4, 5, 8], [3, 5]), ([], [1], []), ([1, 2], [], []), ([1, 2, 3], [1, 2, 3], [1, 2, 3]),
  ] as [([SeriesID], [SeriesID], [SeriesID])])
  func intersects(a: [SeriesID], b: [SeriesID], expected: [SeriesID]) {
    #expect(PostingsList.intersect(a, b) == expected)
  }

  @Test func subtractsAndUnites() {
    #expect(PostingsList.subtract([1, 2, 3, 4, 5], [2, 4, 6]) == [1, 3, 5])
    #expect(PostingsList.subtract([1, 2], []) == [1, 2])
    #expect(PostingsList.union([[5, 9], [1, 5], [2]]) == [1, 2, 5, 9])
    #expect(PostingsList.union([]) == [])
  }

  @Test func randomListsAgreeWithSets() {
    var generator = SystemRandomNumberGenerator()
    for _ in 0..<500 {
      let a = Set((0..<Int.random(in: 0...40, using: &generator)).map { _ in SeriesID.random(in: 0...60, using: &generator) })
      let b = Set((0..<Int.random(in: 0...40, using: &generator)).map { _ in SeriesID.random(in: 0...60, using: &generator) })
      #expect(PostingsList.intersect(a.sorted(), b.sorted()) == a.intersection(b).sorted())
      #expect(PostingsList.subtract(a.sorted(), b.sorted()) == a.subtracting(b).sorted())
      #expect(PostingsList.union([a.sorted(), b.sorted()]) == a.union(b).sorted())
    }
  }
}
