// What batch jobs pushed, by grouping key, kept as the Pushgateway keeps it: PUT replaces a
// group, POST replaces the pushed metric names within it, DELETE removes it; push_time_seconds
// and push_failure_time_seconds per group. Persisted to `<data-dir>/push/groups.json` after each
// change (written to a temporary file, fsynced, renamed) so a restart keeps every group, and
// emitted into the metric store every scrape interval, as Prometheus scraping a Pushgateway with
// honor_labels would store it. Series that vanish get one staleness marker.
import Foundation
import HTTPTypes
import Ingest
import Synchronization
import WardenCore

final class PushGroups: Sendable {
  struct Group: Codable, Sendable {
    var grouping: [String: String]
    var pushTimeMs: Int64 = 0
    var failureTimeMs: Int64 = 0
    /// Family name → declared type, for the cross-group type check.
    var types: [String: String] = [:]
    var samples: [StoredSample] = []
  }

  struct StoredSample: Codable, Sendable {
    var labels: [String: String]
    /// The value as Swift prints it, so NaN and ±Inf survive JSON.
    var value: String
  }

  private struct State {
    var groups: [String: Group] = [:]
    /// Series emitted last time, to mark stale those that are gone.
    var lastEmitted: Set<Labels> = []
  }

  private let state = Mutex(State())
  let file: String

  init(dataDirectory: String) {
    file = dataDirectory + "/push/groups.json"
  }

  /// Reads the persisted groups; a missing file is an empty set.
  /// - Throws: when the file exists but cannot be read or decoded (the operator should know).
  func load() throws {
    guard FileManager.default.fileExists(atPath: file) else { return }
    let data = try Data(contentsOf: URL(fileURLWithPath: file))
    let groups = try JSONDecoder().decode([String: Group].self, from: data)
    state.withLock { $0.groups = groups }
  }

  enum Mode {
    case replaceGroup, replaceNames
  }

  /// Applies one push. Validation failures record `push_failure_time_seconds` and throw 400.
  func push(grouping: Labels, page: ExpositionParseResult, mode: Mode, nowMs: Int64) throws {
    let key = Self.key(grouping)
    let groupingMap = Dictionary(uniqueKeysWithValues: grouping.pairs.map { ($0.name, $0.value) })
    let snapshot = try state.withLock { state throws -> [String: Group] in
      do {
        try Self.validate(page, key: key, in: state.groups)
      } catch {
        var group = state.groups[key] ?? Group(grouping: groupingMap)
        group.failureTimeMs = nowMs
        state.groups[key] = group
        throw error
      }
      var group = state.groups[key] ?? Group(grouping: groupingMap)
      let pushedNames = Set(page.samples.map(\.labels.metricName))
      let pushedFamilies = Set(page.families.map(\.name))
      if mode == .replaceGroup {
        group.samples = []
        group.types = [:]
      } else {
        group.samples.removeAll { sample in
          let name = sample.labels[Labels.metricName] ?? ""
          return pushedNames.contains(name) || pushedFamilies.contains(Self.family(of: name, in: group.types))
        }
      }
      for family in page.families { group.types[family.name] = family.type.rawValue }
      for sample in page.samples {
        var labels = Dictionary(uniqueKeysWithValues: sample.labels.pairs.map { ($0.name, $0.value) })
        for (name, value) in groupingMap { labels[name] = value }
        group.samples.append(StoredSample(labels: labels, value: String(sample.value)))
      }
      group.pushTimeMs = nowMs
      state.groups[key] = group
      return state.groups
    }
    try persist(snapshot)
  }

  /// Removes a group; true when it existed.
  func delete(grouping: Labels) throws -> Bool {
    let key = Self.key(grouping)
    let (existed, snapshot) = state.withLock { state in (state.groups.removeValue(forKey: key) != nil, state.groups) }
    if existed { try persist(snapshot) }
    return existed
  }

  /// Every group's samples at `nowMs`, plus staleness markers for series emitted last time and
  /// gone now.
  func emit(nowMs: Int64) -> SampleBatch {
    state.withLock { state in
      var batch = SampleBatch()
      var current: Set<Labels> = []
      for group in state.groups.values {
        for sample in group.samples {
          let labels = Labels(sample.labels)
          current.insert(labels)
          batch.append(labels, timestampMs: nowMs, value: Double(sample.value) ?? .nan)
        }
        let grouping = Labels(group.grouping)
        for (name, ms) in [("push_time_seconds", group.pushTimeMs), ("push_failure_time_seconds", group.failureTimeMs)] {
          let labels = grouping.setting(Labels.metricName, to: name)
          current.insert(labels)
          batch.append(labels, timestampMs: nowMs, value: Double(ms) / 1000)
        }
      }
      for labels in state.lastEmitted where !current.contains(labels) {
        batch.append(labels, timestampMs: nowMs, value: .staleMarker)
      }
      state.lastEmitted = current
      return batch
    }
  }

  private static func validate(_ page: ExpositionParseResult, key: String, in groups: [String: Group]) throws {
    if page.samples.contains(where: { $0.timestampMs != nil }) {
      throw ReceiverError.badRequest("pushed metrics are invalid or inconsistent with existing metrics: pushed metrics must not have timestamps")
    }
    for family in page.families {
      for (otherKey, other) in groups where otherKey != key {
        if let type = other.types[family.name], type != family.type.rawValue {
          throw ReceiverError.badRequest(
            "pushed metrics are invalid or inconsistent with existing metrics: metric \"\(family.name)\" is pushed as \(family.type.rawValue) but is a \(type) in another group")
        }
      }
    }
  }

  private static func family(of sampleName: String, in types: [String: String]) -> String {
    for suffix in ["_bucket", "_sum", "_count", "_total", "_created"] where sampleName.hasSuffix(suffix) {
      let base = String(sampleName.dropLast(suffix.count))
      if types[base] != nil { return base }
    }
    return sampleName
  }

  private static func key(_ grouping: Labels) -> String {
    grouping.pairs.map { "\($0.name)\u{1}\($0.value)" }.joined(separator: "\u{2}")
  }

  private func persist(_ groups: [String: Group]) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    let data = try encoder.encode(groups)
    let directory = (file as NSString).deletingLastPathComponent
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    let temporary = file + ".tmp"
    guard FileManager.default.createFile(atPath: temporary, contents: data) else {
      throw ReceiverError(status: .init(code: 507, reasonPhrase: "Insufficient Storage"), message: "cannot write \(temporary)")
    }
    let handle = open(temporary, O_RDONLY)
    if handle >= 0 {
      fsync(handle)
      close(handle)
    }
    guard rename(temporary, file) == 0 else {
      throw ReceiverError(status: .internalServerError, message: "cannot rename \(temporary): \(String(cString: strerror(errno)))")
    }
  }
}
