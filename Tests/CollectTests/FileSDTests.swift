// file_sd: JSON and YAML files, globs, malformed files keeping their last good groups, and change
// detection, against real files in a temporary directory.

@testable import Collect
import Foundation
import Testing
import WardenCore

struct FileSDTests {
  private func temporaryDirectory() throws -> String {
    let path = NSTemporaryDirectory() + "warden-filesd-" + UUID().uuidString
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
  }

  private func write(_ text: String, to path: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: path))
  }

  @Test func parsesJSONWithFilepathLabelAndSources() throws {
    let groups = try FileSDParser.parse(
      Array(#"[{"targets": ["a:1", "b:2"], "labels": {"env": "prod"}}, {"targets": ["c:3"], "extra": 1}]"#.utf8),
      path: "/sd/x.json")
    #expect(groups.map(\.source) == ["/sd/x.json:0", "/sd/x.json:1"])
    #expect(groups[0].labels == Labels(["env": "prod", "__meta_filepath": "/sd/x.json"]))
    #expect(groups[0].targets.map { $0["__address__"] } == ["a:1", "b:2"])
  }

  @Test func parsesYAMLAndRejectsUnknownYAMLKeys() throws {
    let yaml = "- targets: ['a:1']\n  labels:\n    zone: z1\n"
    let groups = try FileSDParser.parse(Array(yaml.utf8), path: "/sd/x.yml")
    #expect(groups.first?.labels["zone"] == "z1")
    #expect(try FileSDParser.parse(Array("".utf8), path: "/sd/empty.yaml").isEmpty)
    #expect(throws: FileSDError.self) {
      try FileSDParser.parse(Array("- targets: ['a:1']\n  lables: {}\n".utf8), path: "/sd/x.yaml")
    }
  }

  @Test(arguments: [
    ("x.json", #"{"targets": []}"#, "x.json"),
    ("x.json", #"[{"targets": "a:1"}]"#, "x.json"),
    ("x.json", #"[{"labels": {"bad-name": "v"}}]"#, "not a valid label name"),
    ("x.json", #"[{"labels": {"a": 1}}]"#, "x.json"),
    ("x.yml", "- targets: [a:1\n", "x.yml"),
    ("x.txt", "[]", "unknown file extension"),
  ])
  func malformedFilesGiveErrorsNamingFileAndProblem(name: String, text: String, expected: String) {
    do {
      _ = try FileSDParser.parse(Array(text.utf8), path: "/sd/" + name)
      Issue.record("accepted \(text)")
    } catch {
      #expect(error.path == "/sd/" + name)
      #expect(error.description.contains(expected), "\(error)")
    }
  }

  @Test func oversizedFileAndTooManyTargetsAreRefused() {
    let big = [UInt8](repeating: UInt8(ascii: " "), count: FileSDParser.maximumFileSize + 1)
    #expect(throws: FileSDError.self) { try FileSDParser.parse(big, path: "/sd/big.json") }
    let targets = (0...FileSDParser.maximumTargets).map { "\"h\($0):1\"" }.joined(separator: ",")
    #expect(throws: FileSDError.self) {
      try FileSDParser.parse(Array("[{\"targets\": [\(targets)]}]".utf8), path: "/sd/many.json")
    }
  }

  @Test func globExpandsInLastElementAndReadsBothFormats() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    try write(#"[{"targets": ["a:1"]}]"#, to: directory + "/one.json")
    try write("- targets: ['b:2']\n", to: directory + "/two.yml")
    try write("ignored", to: directory + "/notes.txt")
    var reader = FileSDReader(config: FileSDConfig(files: [directory + "/*.json", directory + "/*.yml"]))
    let changedResult = reader.reload()
    let changed = try #require(changedResult)
    #expect(Set(changed.flatMap { $0.targets.map { $0["__address__"] } }) == ["a:1", "b:2"])
    #expect(reader.problems.isEmpty)
    #expect(reader.reload() == nil)
  }

  @Test func changesAreDetectedAndReportedPerGroup() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.json"
    try write(#"[{"targets": ["a:1"]}, {"targets": ["b:2"]}]"#, to: path)
    var reader = FileSDReader(config: FileSDConfig(files: [path]))
    #expect(reader.reload()?.count == 2)

    // Shorter file: group 0 changed, group 1 gone (reported empty).
    try write(#"[{"targets": ["c:3"]}]"#, to: path)
    let changedResult = reader.reload()
    let changed = try #require(changedResult)
    #expect(changed.map(\.source) == [path + ":0", path + ":1"])
    #expect(changed[0].targets.map { $0["__address__"] } == ["c:3"])
    #expect(changed[1].targets.isEmpty)
    #expect(reader.groups.count == 1)

    // Deleting the file empties its groups.
    try FileManager.default.removeItem(atPath: path)
    let removedResult = reader.reload()
    let removed = try #require(removedResult)
    #expect(removed.map(\.source) == [path + ":0"] && removed[0].targets.isEmpty)
    #expect(reader.groups.isEmpty)
  }

  @Test func malformedUpdateKeepsLastGoodGroupsAndRecordsProblem() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.json"
    try write(#"[{"targets": ["a:1"]}]"#, to: path)
    var reader = FileSDReader(config: FileSDConfig(files: [path]))
    _ = reader.reload()
    try write(#"[{"targets": ["a:1"#, to: path)
    #expect(reader.reload() == nil)
    #expect(reader.groups.first?.targets.map { $0["__address__"] } == ["a:1"])
    #expect(reader.problems[path]?.path == path)
    try write(#"[{"targets": ["a:1", "b:2"]}]"#, to: path)
    #expect(reader.reload()?.first?.targets.count == 2)
    #expect(reader.problems.isEmpty)
  }

  @Test func refreshWaitsForTheInterval() throws {
    let directory = try temporaryDirectory()
    defer { try? FileManager.default.removeItem(atPath: directory) }
    let path = directory + "/t.json"
    try write(#"[{"targets": ["a:1"]}]"#, to: path)
    var reader = FileSDReader(config: FileSDConfig(files: [path], refreshInterval: ConfigDuration(.seconds(60))))
    let start = ContinuousClock.now
    #expect(reader.refresh(now: start) != nil)
    try write(#"[{"targets": ["b:22"]}]"#, to: path)
    #expect(reader.refresh(now: start + .seconds(30)) == nil)
    #expect(reader.refresh(now: start + .seconds(61))?.first?.targets.first?["__address__"] == "b:22")
  }
}
