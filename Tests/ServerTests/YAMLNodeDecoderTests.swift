// The positioned YAML decoder on shapes later configuration sections will use: lists, nested
// lists of mappings, integers, booleans, optional fields and custom value types.
import ConfigDecoding
import Server
import Testing
import Yams

private struct Job: Decodable, Equatable {
  var name: String
  var port: Int?
  var enabled: Bool = true
  var targets: [String] = []

  enum CodingKeys: String, CodingKey { case name = "job_name", port, enabled, targets }

  init(name: String, port: Int? = nil, enabled: Bool = true, targets: [String] = []) {
    self.name = name
    self.port = port
    self.enabled = enabled
    self.targets = targets
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    name = try container.decode(String.self, forKey: .name)
    port = try container.decodeIfPresent(Int.self, forKey: .port)
    enabled = try container.decodeIfPresent(Bool.self, forKey: .enabled) ?? true
    targets = try container.decodeIfPresent([String].self, forKey: .targets) ?? []
  }
}

private struct Jobs: Decodable, Equatable {
  var jobs: [Job]
}

struct YAMLNodeDecoderTests {
  private func decode<T: Decodable>(_ type: T.Type, _ text: String) throws -> T {
    let node = try #require(try Yams.compose(yaml: text))
    return try YAMLNodeDecoder(file: "t.yml").decode(type, from: node)
  }

  @Test func decodesListsOfMappings() throws {
    let jobs = try decode(
      Jobs.self,
      """
      jobs:
        - job_name: node
          port: 9100
          targets: [a:1, b:2]
        - job_name: 123
          enabled: false
      """)
    #expect(jobs.jobs == [Job(name: "node", port: 9100, targets: ["a:1", "b:2"]), Job(name: "123", enabled: false)])
  }

  @Test(arguments: [
    ("jobs:\n  - job_name: a\n    port: many\n", "t.yml:3:11: field jobs[0].port: expected an integer"),
    ("jobs:\n  - job_name: a\n  - port: 1\n", "t.yml:3:5: field jobs[1]: missing required field \"job_name\""),
    ("jobs:\n  - job_name: a\n    enabled: perhaps\n", "t.yml:3:14: field jobs[0].enabled: expected true or false"),
    ("jobs:\n  - job_name: a\n    targets: {x: y}\n", "t.yml:3:14: field jobs[0].targets: expected a list, got a mapping"),
    ("jobs:\n  - job_name: a\n    extra: 1\n", "t.yml:3:5: field jobs[0].extra: unknown field \"extra\""),
    ("jobs:\n  - job_name: a\n    port: 99999999999999999999\n", "t.yml:3:11: field jobs[0].port: expected an integer"),
    ("jobs: hello\n", "t.yml:1:7: field jobs: expected a list, got \"hello\""),
    ("jobs:\n  - job_name: ~\n", "t.yml:2:15: field jobs[0].job_name: expected a string, got null"),
  ])
  func reportsWhereAndWhat(text: String, prefix: String) {
    #expect {
      _ = try decode(Jobs.self, text)
    } throws: { error in
      "\(error)".hasPrefix(prefix)
    }
  }

  @Test func quotedNullIsAString() throws {
    let jobs = try decode(Jobs.self, "jobs:\n  - job_name: 'null'\n")
    #expect(jobs.jobs.first?.name == "null")
  }
}
