// Seeded random relabel rules over random label sets, and random or mutated file_sd bytes: nothing
// may trap, and every result must still be a well-formed label set.

@testable import Collect
import Testing
import WardenCore
import WardenTesting

struct RelabelFuzzTests {
  private static let names = ["a", "b", "job", "__address__", "__meta_x", "instance", "x_1", "Z"]
  private static let values = ["", "a", "1", "a:1", "ÉTÉ", "a;b", "$1", "\\", ".*", "x y", "🙂"]
  private static let regexes = ["(.*)", ".*", "a|b", "(a)(b)?", "(?P<n>.)(.*)", "[", "x+", "(.+):(\\d+)", "", "é"]
  private static let templates = ["$1", "${1}", "${n}", "$$", "$", "${", "x_$2", "lit", "", "$10", "${n}y"]

  @Test func randomRulesNeverCrashAndKeepLabelsWellFormed() {
    var random = SeededGenerator(seed: 0x5EED_0001)
    for _ in 0..<600 {
      var rules: [RelabelConfig] = []
      for _ in 0..<Int.random(in: 0...4, using: &random) {
        let action = RelabelAction.allCases.randomElement(using: &random)!
        let rule = try? RelabelConfig(
          sourceLabels: (0..<Int.random(in: 0...2, using: &random)).map { _ in Self.names.randomElement(using: &random)! },
          separator: [";", "", "--"].randomElement(using: &random)!,
          targetLabel: (Self.names + Self.templates).randomElement(using: &random)!,
          regex: Self.regexes.randomElement(using: &random)!,
          modulus: UInt64.random(in: 0...5, using: &random),
          replacement: Self.templates.randomElement(using: &random)!,
          action: action)
        if let rule { rules.append(rule) }
      }
      var pairs: [Label] = []
      for _ in 0..<Int.random(in: 0...6, using: &random) {
        pairs.append(Label(Self.names.randomElement(using: &random)!, Self.values.randomElement(using: &random)!))
      }
      let input = Labels(pairs)
      guard let output = rules.apply(to: input) else { continue }
      #expect(output == Labels(output.pairs), "result not sorted/unique/non-empty")
      #expect(output.pairs.allSatisfy { LabelName.isValid($0.name) })
    }
  }

  @Test func randomFileSDBytesNeverCrash() {
    var random = SeededGenerator(seed: 0x5EED_0002)
    let seeds = [
      #"[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}]"#,
      "- targets: ['a:1']\n  labels:\n    zone: z1\n- targets: [b:2]\n",
    ]
    for index in 0..<800 {
      let seed = Array(seeds[index % 2].utf8)
      let bytes = Mutator.mutate(seed, using: &random)
      let path = index % 2 == 0 ? "/sd/fuzz.json" : "/sd/fuzz.yaml"
      do {
        let groups = try FileSDParser.parse(bytes, path: path)
        for group in groups {
          #expect(group.labels[TargetLabels.metaFilepath] == path)
          #expect(group.targets.allSatisfy { !$0[TargetLabels.address].isEmpty })
        }
      } catch {
        #expect(error.path == path)
        #expect(!error.message.isEmpty)
      }
    }
  }
}
