// Rule files mutated at random (seeded, so a failure replays): loading never crashes and every
// refusal is a positioned ConfigError for the file.
import Alerting
import ConfigDecoding
import Testing
import WardenTesting

@Suite struct RuleFileFuzzTests {
  static let seedFile = """
    groups:
      - name: node
        interval: 30s
        rules:
          - record: job:up:sum
            expr: sum by (job) (up{job=~"node|api"})
            labels:
              source: rules
          - alert: InstanceDown
            expr: |
              up == 0
                and on (instance) node_boot_time_seconds > 0
            for: 5m
            keep_firing_for: 1m
            labels:
              severity: page
            annotations:
              summary: Instance down
    """

  @Test(arguments: [1, 2, 3, 4] as [UInt64])
  func mutatedRuleFilesLoadOrFailWithAPositionedError(seed: UInt64) {
    var generator = SeededGenerator(seed: seed)
    let original = Array(Self.seedFile.utf8)
    let alphabet = Array("{}[]():|>-\"' \n\tabc0123=!~#$.,*+".utf8)
    for _ in 0..<300 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...6, using: &generator) {
        let position = Int.random(in: 0..<max(1, bytes.count), using: &generator)
        switch Int.random(in: 0..<3, using: &generator) {
        case 0 where !bytes.isEmpty: bytes[position] = alphabet.randomElement(using: &generator)!
        case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
        default: if !bytes.isEmpty { bytes.remove(at: position) }
        }
      }
      let text = String(decoding: bytes, as: UTF8.self)
      let result = Result { () throws(ConfigError) -> [RuleGroup] in try RuleFileLoader.parse(text, file: "rules.yml") }
      if case .failure(let error) = result {
        #expect(error.file == "rules.yml")
        #expect(!error.message.isEmpty)
      }
    }
  }

  @Test func hostileSizesAreRefusedByLimits() {
    var many = "groups:\n"
    for index in 0...RuleFileLoader.maxGroupsPerFile { many += "  - name: g\(index)\n" }
    let result = Result { () throws(ConfigError) -> [RuleGroup] in try RuleFileLoader.parse(many, file: "rules.yml") }
    guard case .failure(let error) = result else {
      Issue.record("too many groups must be refused")
      return
    }
    #expect(error.message.contains("over the limit"))
  }
}
