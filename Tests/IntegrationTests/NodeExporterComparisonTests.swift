// Warden's built-in host collector against the real node_exporter on the same machine: same
// family names, types, label names and series, and values that agree (exactly for sizes and
// totals, within a tolerance for counters and gauges read a moment apart).
import Foundation
import Testing

@Suite(.timeLimit(.minutes(2)))
struct NodeExporterComparisonTests {
  /// The node_exporter collectors Warden implements: every family node_exporter exposes under
  /// these prefixes must be in Warden's output.
  static let coveredPrefixes = [
    "node_cpu_seconds_total", "node_cpu_guest_seconds_total", "node_load", "node_memory_", "node_filesystem_",
    "node_disk_", "node_network_receive_", "node_network_transmit_", "node_context_switches_total",
    "node_intr_total", "node_forks_total", "node_procs_", "node_boot_time_seconds", "node_filefd_",
    "node_uname_info", "node_time_seconds", "node_vmstat_", "node_entropy_",
  ]
  /// Under the prefixes above but from other node_exporter collectors (netclass reads
  /// /sys/class/net), which Warden does not implement yet.
  static let otherCollectors: Set<String> = ["node_network_transmit_queue_length"]

  /// Values that must be equal: sizes and totals that do not move between two reads.
  static let exactFamilies: Set<String> = [
    "node_memory_MemTotal_bytes", "node_memory_SwapTotal_bytes", "node_memory_HugePages_Total",
    "node_memory_Hugepagesize_bytes", "node_memory_VmallocTotal_bytes", "node_filesystem_size_bytes",
    "node_filesystem_files", "node_filesystem_readonly", "node_filesystem_device_error", "node_filefd_maximum",
    "node_boot_time_seconds", "node_uname_info", "node_disk_info", "node_entropy_pool_size_bits",
  ]

  @Test func hostMetricsMatchNodeExporter() async throws {
    let exporter = try NodeExporterProcess()
    let server = try ServerProcess()
    try await server.waitUntilReady()
    try await exporter.waitUntilUp()

    // node_exporter before and after Warden: a value read in between lies between the two
    // (plus a small tolerance), whichever way it moves. A busy machine can move a gauge (a
    // process count, free memory) further than any tolerance within one read, so a value only
    // counts as wrong when it is out of range in every one of three rounds.
    var persistent: [String: String]? = nil
    var compared = 0
    for round in 1...3 {
      let before = ExpositionText(try await exporter.scrape().text)
      let warden = ExpositionText(try await server.get("/metrics/host").text)
      let after = ExpositionText(try await exporter.scrape().text)
      let result = compareAll(warden: warden, before: before, after: after, reportStructure: round == 1)
      compared = max(compared, result.compared)
      let stillWrong = persistent.map { previous in result.valueProblems.filter { previous[$0.key] != nil } } ?? result.valueProblems
      persistent = stillWrong
      if stillWrong.isEmpty { break }
    }
    for (_, problem) in (persistent ?? [:]).sorted(by: { $0.key < $1.key }) {
      Issue.record("\(problem) (in all three rounds)")
    }
    #expect(compared > 100, "only \(compared) series compared")
    try await server.stop()
    exporter.stop()
  }

  /// Checks families, types and series (recorded as issues when `reportStructure`), and returns
  /// the series compared and the values out of range, keyed by family and series.
  private func compareAll(
    warden: ExpositionText, before: ExpositionText, after: ExpositionText, reportStructure: Bool
  ) -> (compared: Int, valueProblems: [String: String]) {
    let reference = before.types.keys.filter { name in
      Self.coveredPrefixes.contains { name.hasPrefix($0) } && !Self.otherCollectors.contains(name)
    }
    if reportStructure {
      #expect(reference.count > 50, "node_exporter exposed too few comparable families: \(reference.count)")
    }
    var compared = 0
    var problems: [String: String] = [:]
    for family in reference.sorted() {
      guard let wardenType = warden.types[family] else {
        if reportStructure { Issue.record("Warden lacks \(family), which node_exporter exposes") }
        continue
      }
      if reportStructure {
        #expect(wardenType == before.types[family], "\(family): type \(wardenType), node_exporter has \(before.types[family] ?? "-")")
      }
      compared += compare(family: family, warden: warden, before: before, after: after, reportStructure: reportStructure, problems: &problems)
    }
    return (compared, problems)
  }

  /// Compares one family's series; returns how many were compared and adds values out of range
  /// to `problems`.
  private func compare(
    family: String, warden: ExpositionText, before: ExpositionText, after: ExpositionText,
    reportStructure: Bool, problems: inout [String: String]
  ) -> Int {
    func key(_ labels: [String: String]) -> String {
      labels.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
    let ours = Dictionary((warden.byName[family] ?? []).map { (key($0.labels), $0.value) }, uniquingKeysWith: { a, _ in a })
    let first = Dictionary((before.byName[family] ?? []).map { (key($0.labels), $0.value) }, uniquingKeysWith: { a, _ in a })
    let second = Dictionary((after.byName[family] ?? []).map { (key($0.labels), $0.value) }, uniquingKeysWith: { a, _ in a })

    // The same series: same label names and values (cpus, devices, mounts, modes).
    if reportStructure {
      let missing = Set(first.keys).intersection(second.keys).subtracting(ours.keys)
      let extra = Set(ours.keys).subtracting(first.keys).subtracting(second.keys)
      #expect(missing.isEmpty, "\(family): Warden lacks series \(missing.sorted())")
      #expect(extra.isEmpty, "\(family): Warden has series node_exporter does not: \(extra.sorted())")
    }

    var count = 0
    for (series, value) in ours {
      guard let a = first[series], let b = second[series] else { continue }
      count += 1
      let id = "\(family){\(series)}"
      if Self.exactFamilies.contains(family) {
        if !(value == a || value == b) { problems[id] = "\(id): Warden \(value), node_exporter \(a)" }
        continue
      }
      let low = min(a, b)
      let high = max(a, b)
      let tolerance = Self.slack(family) + 0.02 * max(abs(low), abs(high))
      if !(value >= low - tolerance && value <= high + tolerance) {
        problems[id] = "\(id): Warden \(value), node_exporter \(a) then \(b)"
      }
    }
    return count
  }

  /// Absolute slack for values that move between reads, by unit.
  static func slack(_ family: String) -> Double {
    if family.hasPrefix("node_load") { return 1.0 }
    if family == "node_time_seconds" { return 5 }
    if family.hasSuffix("_bytes") || family.hasSuffix("_bytes_total") { return 64 * 1024 * 1024 }
    if family.hasSuffix("_seconds") || family.hasSuffix("_seconds_total") { return 2 }
    if family.hasPrefix("node_procs_") { return 8 }
    if family == "node_filefd_allocated" { return 512 }
    return 5_000
  }
}
