// Hostile input never crashes the dashboard decoders: random bytes, byte-level and tree-level
// mutations of valid documents either fail with an error or give a dashboard that validates
// again to itself; the Grafana converter turns any mutated Grafana document into a valid one.
// Seeded, so a failure replays exactly.
import Foundation
@testable import Server
import Testing
import WardenTesting

@Suite struct DashboardFuzzTests {
  static let seeds: [UInt64] = [1, 2, 3, 0xDA5B0A4D]

  @Test(arguments: seeds)
  func randomBytesNeverCrash(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let alphabet = Array(#"{}[]:,"\ 0123456789.eE+-truefalsnl"#.utf8)
    for _ in 0..<2000 {
      let count = Int.random(in: 0..<200, using: &random)
      let bytes = (0..<count).map { _ in
        Bool.random(using: &random) ? alphabet.randomElement(using: &random)! : UInt8.random(in: 0...255, using: &random)
      }
      if case .success(let json) = DashboardJSONParser.parse(bytes) {
        checkRoundTrip(json)
      }
    }
  }

  @Test(arguments: seeds)
  func byteMutationsOfAValidDocumentFailCleanlyOrValidate(seed: UInt64) {
    var random = SeededGenerator(seed: seed)
    let original = Array(DashboardFixtures.valid.utf8)
    var parsed = 0
    for _ in 0..<1500 {
      var bytes = original
      for _ in 0...Int.random(in: 0..<4, using: &random) {
        mutateBytes(&bytes, using: &random)
      }
      switch DashboardJSONParser.parse(bytes) {
      case .success(let json):
        parsed += 1
        checkRoundTrip(json)
      case .failure(let error):
        #expect(error.offset >= 0 && error.offset <= bytes.count)
      }
    }
    #expect(parsed > 0)
  }

  @Test(arguments: seeds)
  func treeMutationsOfAValidDocumentFailWithAPathOrValidate(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    let original = try DashboardFixtures.json(DashboardFixtures.valid)
    var accepted = 0
    var refused = 0
    for _ in 0..<1500 {
      var json = original
      for _ in 0...Int.random(in: 0..<3, using: &random) {
        json = mutate(json, depth: 0, using: &random)
      }
      switch DashboardValidator.dashboard(from: json) {
      case .success(let dashboard):
        accepted += 1
        #expect((try? DashboardDocuments.normalized(dashboard).get()) == dashboard)
      case .failure(let error):
        refused += 1
        #expect(!error.message.isEmpty)
      }
    }
    #expect(accepted > 0 && refused > 0)
  }

  @Test(arguments: seeds)
  func mutatedGrafanaDocumentsAlwaysConvertToValidDashboards(seed: UInt64) throws {
    var random = SeededGenerator(seed: seed)
    let original = try DashboardFixtures.json(GrafanaFixtures.nodeExporter)
    for _ in 0..<400 {
      var json = original
      for _ in 0...Int.random(in: 0..<4, using: &random) {
        json = mutate(json, depth: 0, using: &random)
      }
      guard json.objectMembers != nil, case .success(let conversion) = GrafanaConverter.convert(json) else { continue }
      let normalized = DashboardDocuments.normalized(conversion.dashboard)
      if case .failure(let error) = normalized {
        Issue.record("seed \(seed): converted dashboard is invalid: \(error)")
        return
      }
    }
  }

  // MARK: Mutations

  private func checkRoundTrip(_ json: DashboardJSON) {
    if case .success(let dashboard) = DashboardValidator.dashboard(from: json) {
      #expect((try? DashboardDocuments.normalized(dashboard).get()) == dashboard)
    }
    if json.objectMembers != nil, case .success(let conversion) = GrafanaConverter.convert(json) {
      #expect((try? DashboardDocuments.normalized(conversion.dashboard).get()) != nil)
    }
  }

  private func mutateBytes(_ bytes: inout [UInt8], using random: inout SeededGenerator) {
    guard !bytes.isEmpty else { return }
    let index = Int.random(in: 0..<bytes.count, using: &random)
    switch Int.random(in: 0..<5, using: &random) {
    case 0: bytes[index] = UInt8.random(in: 0...255, using: &random)
    case 1: bytes.remove(at: index)
    case 2: bytes.insert(Array(#"{}[],:"0-"#.utf8).randomElement(using: &random)!, at: index)
    case 3:
      let end = min(bytes.count, index + Int.random(in: 1..<40, using: &random))
      bytes.insert(contentsOf: bytes[index..<end], at: index)
    default:
      // A digit changed: ids, positions and sizes move out of (or into) range.
      if let digit = bytes.indices.dropFirst(index).first(where: { bytes[$0] >= UInt8(ascii: "0") && bytes[$0] <= UInt8(ascii: "9") }) {
        bytes[digit] = UInt8(ascii: "0") + UInt8.random(in: 0...9, using: &random)
      }
    }
  }

  /// `json` with one randomly chosen value replaced, removed or duplicated.
  private func mutate(_ json: DashboardJSON, depth: Int, using random: inout SeededGenerator) -> DashboardJSON {
    let descend = depth < 6 && Int.random(in: 0..<4, using: &random) != 0
    switch json {
    case .object(var members) where descend && !members.isEmpty:
      let index = Int.random(in: 0..<members.count, using: &random)
      switch Int.random(in: 0..<8, using: &random) {
      case 0: members.remove(at: index)
      case 1: members.append((key: members[index].key + "x", value: members[index].value))
      default: members[index].value = mutate(members[index].value, depth: depth + 1, using: &random)
      }
      return .object(members)
    case .array(var items) where descend && !items.isEmpty:
      let index = Int.random(in: 0..<items.count, using: &random)
      switch Int.random(in: 0..<6, using: &random) {
      case 0: items.remove(at: index)
      case 1: items.append(items[index])
      default: items[index] = mutate(items[index], depth: depth + 1, using: &random)
      }
      return .array(items)
    default:
      return randomValue(like: json, using: &random)
    }
  }

  private func randomValue(like json: DashboardJSON, using random: inout SeededGenerator) -> DashboardJSON {
    switch Int.random(in: 0..<9, using: &random) {
    case 0: return .null
    case 1: return .bool(Bool.random(using: &random))
    case 2: return .number([-1, 0, 1, 23, 24, 25, 100, 101, 1e300, 0.5, -0.0].randomElement(using: &random)!)
    case 3: return .number(Double(Int.random(in: -1000...1000, using: &random)))
    case 4:
      return .string(
        ["", " ", "a/b", "timeseries", "row", "piechart", "#fff", "red", "now-1h", "10s", "$x", "label_values(up, job)", String(repeating: "x", count: 300)]
          .randomElement(using: &random)!)
    case 5: return .array([])
    case 6: return .object([])
    case 7: return .array([json, json])
    default: return .object([(key: "type", value: .string("graph")), (key: "targets", value: .array([.object([(key: "expr", value: .string("up"))])]))])
    }
  }
}
