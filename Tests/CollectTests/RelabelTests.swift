// Relabel semantics, action by action, against what Prometheus documents for relabel_config.

@testable import Collect
import Foundation
import Testing
import WardenCore

struct RelabelTests {
  private func labels(_ pairs: [String: String]) -> Labels { Labels(pairs) }

  private func run(_ configs: [RelabelConfig], _ input: [String: String]) -> [String: String]? {
    guard let result = configs.apply(to: labels(input)) else { return nil }
    return Dictionary(uniqueKeysWithValues: result.pairs.map { ($0.name, $0.value) })
  }

  @Test func emptyListReturnsInputUnchanged() {
    let input = labels(["a": "1", "b": "2"])
    #expect([RelabelConfig]().apply(to: input) == input)
  }

  @Test func replaceWithDefaultsCopiesSource() throws {
    let rule = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b")
    #expect(run([rule], ["a": "x"]) == ["a": "x", "b": "x"])
  }

  @Test func replaceJoinsSourcesWithSeparatorAndAbsentAsEmpty() throws {
    let rule = try RelabelConfig(sourceLabels: ["a", "missing", "b"], separator: "-", targetLabel: "joined")
    #expect(run([rule], ["a": "1", "b": "2"])?["joined"] == "1--2")
  }

  @Test func replaceExpandsGroupsInAllSpellings() throws {
    let rule = try RelabelConfig(
      sourceLabels: ["__address__"], targetLabel: "host", regex: "(?P<host>[^:]+):(\\d+)",
      replacement: "$1|${2}|${host}|$$|$host-x|${3}")
    // `$host-x` reads name "host" then literal "-x"; ${3} is absent and expands to nothing.
    #expect(run([rule], ["__address__": "node1:9100"])?["host"] == "node1|9100|node1|$|node1-x|")
  }

  @Test func goStyleNameGreedinessMakesDollarOneSuffixEmpty() throws {
    // Go reads `$1x` as the group named "1x", which does not exist.
    let rule = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b", regex: "(.*)", replacement: "$1x")
    #expect(run([rule], ["a": "v", "b": "old"]) == ["a": "v"])
  }

  @Test func replaceRegexIsAnchored() throws {
    let rule = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b", regex: "bc", replacement: "hit")
    #expect(run([rule], ["a": "abcd"]) == ["a": "abcd"])
    #expect(run([rule], ["a": "bc"]) == ["a": "bc", "b": "hit"])
  }

  @Test func replaceNotMatchingLeavesLabelsAlone() throws {
    let rule = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b", regex: "x(.*)")
    #expect(run([rule], ["a": "yz", "b": "keep"]) == ["a": "yz", "b": "keep"])
  }

  @Test func replaceWithEmptyResultRemovesTarget() throws {
    let rule = try RelabelConfig(sourceLabels: ["missing"], targetLabel: "b")
    #expect(run([rule], ["a": "1", "b": "2"]) == ["a": "1"])
  }

  @Test func replaceTargetLabelIsATemplate() throws {
    let rule = try RelabelConfig(
      sourceLabels: ["kind"], targetLabel: "tag_$1", regex: "(.*)", replacement: "yes")
    #expect(run([rule], ["kind": "gpu"]) == ["kind": "gpu", "tag_gpu": "yes"])
    // An expansion that is not a valid label name leaves the labels alone.
    #expect(run([rule], ["kind": "a-b"]) == ["kind": "a-b"])
  }

  @Test func replaceWithoutSourceLabelsSetsConstant() throws {
    let rule = try RelabelConfig(targetLabel: "env", replacement: "prod")
    #expect(run([rule], ["a": "1"]) == ["a": "1", "env": "prod"])
  }

  @Test func keepAndDrop() throws {
    let keep = try RelabelConfig(sourceLabels: ["job"], regex: "node|api", action: .keep)
    #expect(run([keep], ["job": "node"]) != nil)
    #expect(run([keep], ["job": "nodes"]) == nil)
    #expect(run([keep], [:]) == nil)
    let drop = try RelabelConfig(sourceLabels: ["job"], regex: "n.*", action: .drop)
    #expect(run([drop], ["job": "node"]) == nil)
    #expect(run([drop], ["job": "api"]) == ["job": "api"])
    // An empty source value matches a regex that accepts empty.
    let dropEmpty = try RelabelConfig(sourceLabels: ["missing"], regex: "", action: .drop)
    #expect(run([dropEmpty], ["job": "x"]) == nil)
  }

  @Test func keepEqualAndDropEqual() throws {
    let keepEqual = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .keepEqual)
    #expect(run([keepEqual], ["a": "1", "b": "1"]) != nil)
    #expect(run([keepEqual], ["a": "1", "b": "2"]) == nil)
    #expect(run([keepEqual], [:]) != nil)
    let dropEqual = try RelabelConfig(sourceLabels: ["a"], targetLabel: "b", action: .dropEqual)
    #expect(run([dropEqual], ["a": "1", "b": "1"]) == nil)
    #expect(run([dropEqual], ["a": "1", "b": "2"]) != nil)
  }

  @Test func lowercaseAndUppercase() throws {
    let lower = try RelabelConfig(sourceLabels: ["a", "b"], targetLabel: "low", action: .lowercase)
    let upper = try RelabelConfig(sourceLabels: ["a"], targetLabel: "up", action: .uppercase)
    #expect(run([lower, upper], ["a": "MiXed", "b": "ÉTÉ"]) == ["a": "MiXed", "b": "ÉTÉ", "low": "mixed;été", "up": "MIXED"])
    // Empty result removes the target.
    #expect(run([upper], ["up": "old"]) == [:])
  }

  @Test func hashModMatchesPrometheusFromRFC1321Digests() throws {
    // MD5("abc") = 900150983cd24fb0 d6963f7d28e17f72 (RFC 1321); Prometheus uses the last 8 bytes.
    let tail: UInt64 = 0xd696_3f7d_28e1_7f72
    for modulus: UInt64 in [1, 2, 7, 10, 1000, 0xFFFF_FFFF_FFFF] {
      let rule = try RelabelConfig(sourceLabels: ["a"], targetLabel: "shard", modulus: modulus, action: .hashMod)
      #expect(run([rule], ["a": "abc"])?["shard"] == String(tail % modulus))
    }
    // "a" and "b" joined by ";" is not "abc"; the empty source hashes MD5("") = ...e9800998ecf8427e.
    let empty = try RelabelConfig(sourceLabels: ["missing"], targetLabel: "shard", modulus: 1000, action: .hashMod)
    #expect(run([empty], [:])?["shard"] == String(UInt64(0xe980_0998_ecf8_427e) % 1000))
  }

  @Test func labelMapCopiesMatchingNamesUsingReplacement() throws {
    let rule = try RelabelConfig(regex: "__meta_kubernetes_pod_label_(.+)", replacement: "k8s_$1", action: .labelMap)
    let result = run([rule], ["__meta_kubernetes_pod_label_app": "web", "__meta_kubernetes_pod_label_tier": "fe", "job": "j"])
    #expect(
      result == [
        "__meta_kubernetes_pod_label_app": "web", "__meta_kubernetes_pod_label_tier": "fe", "job": "j",
        "k8s_app": "web", "k8s_tier": "fe",
      ])
  }

  @Test func labelMapDefaultReplacementCopiesGroupOne() throws {
    let rule = try RelabelConfig(regex: "__meta_(.*)", action: .labelMap)
    #expect(run([rule], ["__meta_zone": "z1"]) == ["__meta_zone": "z1", "zone": "z1"])
  }

  @Test func labelDropAndLabelKeep() throws {
    let drop = try RelabelConfig(regex: "__meta_.*", action: .labelDrop)
    #expect(run([drop], ["__meta_a": "1", "__meta_b": "2", "job": "j"]) == ["job": "j"])
    let keep = try RelabelConfig(regex: "job|instance", action: .labelKeep)
    #expect(run([keep], ["job": "j", "instance": "i", "other": "o"]) == ["job": "j", "instance": "i"])
  }

  @Test func rulesRunInOrderAndSeeEarlierResults() throws {
    let rules = [
      try RelabelConfig(sourceLabels: ["__address__"], targetLabel: "host", regex: "([^:]+):.*"),
      try RelabelConfig(sourceLabels: ["host"], regex: "db.*", action: .drop),
    ]
    #expect(run(rules, ["__address__": "web1:80"]) == ["__address__": "web1:80", "host": "web1"])
    #expect(run(rules, ["__address__": "db1:5432"]) == nil)
  }

  @Test func resultStaysSortedAndValidForLabels() throws {
    let rules = [
      try RelabelConfig(targetLabel: "zz", replacement: "1"), try RelabelConfig(targetLabel: "aa", replacement: "2"),
      try RelabelConfig(targetLabel: "mm", replacement: "3"),
    ]
    let result = try #require(rules.apply(to: labels(["b": "x"])))
    #expect(result.pairs.map(\.name) == ["aa", "b", "mm", "zz"])
    #expect(result == Labels(result.pairs))
  }

  @Test func actionIsCaseInsensitiveWhenDecoded() throws {
    let json = #"{"action": "LabelDrop", "regex": "x"}"#
    let rule = try JSONDecoder().decode(RelabelConfig.self, from: Data(json.utf8))
    #expect(rule.action == .labelDrop)
  }

  @Test func decodeAppliesPrometheusDefaults() throws {
    let rule = try JSONDecoder().decode(RelabelConfig.self, from: Data(#"{"target_label": "t"}"#.utf8))
    #expect(rule.action == .replace)
    #expect(rule.separator == ";")
    #expect(rule.regex == "(.*)")
    #expect(rule.replacement == "$1")
    #expect(rule.modulus == 0)
  }

  @Test(arguments: [
    (#"{"action": "explode"}"#, "unknown relabel action"),
    (#"{"action": "replace"}"#, "requires target_label"),
    (#"{"action": "hashmod", "target_label": "t"}"#, "non-zero modulus"),
    (#"{"action": "hashmod", "modulus": 3}"#, "requires target_label"),
    (#"{"action": "lowercase"}"#, "requires target_label"),
    (#"{"action": "uppercase", "target_label": "$1"}"#, "not a valid target_label"),
    (#"{"target_label": "1abc"}"#, "not a valid target_label"),
    (#"{"target_label": "a-b"}"#, "not a valid target_label"),
    (#"{"target_label": "t", "regex": "(unclosed"}"#, "invalid regex"),
    (#"{"source_labels": ["bad-name"], "target_label": "t"}"#, "not a valid label name"),
    (#"{"action": "keepequal", "source_labels": ["a"], "target_label": "b", "regex": "x"}"#, "takes only source_labels"),
    (#"{"action": "dropequal", "source_labels": ["a"]}"#, "requires target_label"),
    (#"{"action": "labeldrop", "regex": "x", "source_labels": ["a"]}"#, "takes only regex"),
    (#"{"action": "labelkeep", "regex": "x", "target_label": "a"}"#, "takes only regex"),
    (#"{"action": "labelmap", "regex": "(.*)", "replacement": "bad-$1"}"#, "not a valid replacement"),
  ])
  func invalidConfigsAreRejectedWithClearMessages(json: String, expected: String) {
    do {
      _ = try JSONDecoder().decode(RelabelConfig.self, from: Data(json.utf8))
      Issue.record("accepted \(json)")
    } catch let DecodingError.dataCorrupted(context) {
      #expect(context.debugDescription.contains(expected), "\(context.debugDescription)")
    } catch {
      Issue.record("unexpected error \(error)")
    }
  }

  @Test func validTemplatesForTargetLabel() {
    for text in ["a", "_a", "${1}", "$1", "a_$1", "${name}x", "$1$2"] {
      #expect(RelabelConfig.isValidTargetTemplate(text), "\(text)")
    }
    for text in ["", "1a", "a-b", "$", "${1", "${}", "a.b"] {
      #expect(!RelabelConfig.isValidTargetTemplate(text), "\(text)")
    }
  }

  @Test func equalityComparesConfiguredFields() throws {
    #expect(try RelabelConfig(targetLabel: "a") == RelabelConfig(targetLabel: "a"))
    #expect(try RelabelConfig(targetLabel: "a") != RelabelConfig(targetLabel: "a", regex: "(.+)"))
  }
}

extension RelabelTests {
  @Test func labelMapSkipsExpansionsThatAreNotLabelNames() throws {
    // "(a)(b)?" on "a" leaves group 2 empty, so "$2" expands to "", which is no label name.
    let rule = try RelabelConfig(regex: "(a)(b)?", replacement: "$2", action: .labelMap)
    #expect(run([rule], ["a": "1"]) == ["a": "1"])
  }
}
