// `log_files` entries: decoding with defaults, validation errors that name their field, and the
// glob patterns (`**`, exclude) against a real directory tree.

@testable import Collect
import Foundation
import Testing
import WardenCore

struct LogFileConfigurationTests {
  private func decode(_ json: String) throws -> LogFileConfiguration {
    try JSONDecoder().decode(LogFileConfiguration.self, from: Data(json.utf8))
  }

  @Test func decodesAnEntryWithDefaults() throws {
    let entry = try decode(#"{"paths": ["/var/log/*.log"], "labels": {"job": "app"}}"#)
    #expect(entry.paths == ["/var/log/*.log"])
    #expect(entry.exclude.isEmpty)
    #expect(entry.startAt == .beginning)
    #expect(entry.multiline == nil)
    #expect(entry.streamLabels(path: "/var/log/a.log") == Labels(["job": "app", "filename": "/var/log/a.log"]))
  }

  @Test func decodesMultilineAndStartAt() throws {
    let entry = try decode(
      #"""
      {"paths": ["/srv/**/app.log"], "exclude": ["/srv/old/**/*.log"], "start_at": "end",
       "multiline": {"start": "^\\d{4}-", "max_lines": 50, "max_bytes": "64KiB", "timeout": "500ms"}}
      """#)
    #expect(entry.startAt == .end)
    let multiline = try #require(entry.multiline)
    #expect(multiline.start.source == #"^\d{4}-"#)
    #expect(multiline.maxLines == 50)
    #expect(multiline.maxBytes == 65536)
    #expect(multiline.timeout.duration == .milliseconds(500))
    let defaults = try #require(try decode(#"{"paths": ["/a.log"], "multiline": {"start": "^\\["}}"#).multiline)
    #expect(defaults.maxLines == MultilineConfiguration.defaultMaxLines)
    #expect(defaults.timeout == MultilineConfiguration.defaultTimeout)
  }

  @Test(arguments: [
    (#"{"labels": {"job": "a"}}"#, "paths must list at least one"),
    (#"{"paths": ["var/log/*.log"]}"#, "paths: \"var/log/*.log\" is not an absolute path"),
    (#"{"paths": ["/var/log/**"]}"#, "does not end in a file name pattern"),
    (#"{"paths": ["/var/**x/a.log"]}"#, "must be a whole path element"),
    (#"{"paths": ["/a.log"], "exclude": ["old.log"]}"#, "exclude: \"old.log\" is not an absolute path"),
    (#"{"paths": ["/a.log"], "labels": {"9job": "a"}}"#, "labels: \"9job\" is not a valid label name"),
    (#"{"paths": ["/a.log"], "labels": {"bad-name": ""}}"#, "labels: \"bad-name\" is not a valid label name"),
    (#"{"paths": ["/a.log"], "labels": {"filename": "x"}}"#, "labels: \"filename\" is set by the tailer"),
    (#"{"paths": ["/a.log"], "labels": {"__path__": "x"}}"#, "reserved"),
    (#"{"paths": ["/a.log"], "start_at": "middle"}"#, "middle"),
    (#"{"paths": ["/a.log"], "multiline": {"max_lines": 5}}"#, "multiline.start: a regular expression"),
    (#"{"paths": ["/a.log"], "multiline": {"start": "(x"}}"#, "multiline.start: invalid regular expression"),
    (#"{"paths": ["/a.log"], "multiline": {"start": "^x", "max_lines": 0}}"#, "multiline.max_lines must be at least 1"),
    (#"{"paths": ["/a.log"], "multiline": {"start": "^x", "timeout": "0s"}}"#, "multiline.timeout must be greater than zero"),
    (#"{"paths": ["/a.log"], "multiline": {"start": "^x", "max_bytes": "0"}}"#, "multiline.max_bytes must be between"),
  ])
  func invalidEntriesAreRefusedNamingTheField(json: String, expected: String) {
    do {
      _ = try decode(json)
      Issue.record("accepted \(json)")
    } catch {
      #expect("\(error)".contains(expected), "\(error)")
    }
  }

  @Test func theMemberwiseInitializerValidatesToo() {
    #expect(throws: LogFileConfigurationError.self) { try LogFileConfiguration(paths: ["relative.log"]) }
    #expect(throws: LogFileConfigurationError.self) {
      try LogFileConfiguration(paths: ["/a.log"], labels: Labels(["filename": "x"]))
    }
  }

  @Test func globsExpandWithDoubleStarAndExcludeMatchesWholePaths() throws {
    let root = NSTemporaryDirectory() + "warden-patterns-" + UUID().uuidString
    defer { try? FileManager.default.removeItem(atPath: root) }
    for path in ["a.log", "b.txt", "x/app.log", "x/y/z/app.log", "x/y/other.log", ".hidden/app.log", "x/app.log.1"] {
      let full = root + "/" + path
      try FileManager.default.createDirectory(
        atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
      #expect(FileManager.default.createFile(atPath: full, contents: Data("x\n".utf8)))
    }
    #expect(PathPattern.expand(root + "/*.log") == [root + "/a.log"])
    #expect(
      PathPattern.expand(root + "/**/app.log") == [root + "/.hidden/app.log", root + "/x/app.log", root + "/x/y/z/app.log"])
    #expect(PathPattern.expand(root + "/x/**/*.log") == [root + "/x/app.log", root + "/x/y/other.log", root + "/x/y/z/app.log"])
    #expect(PathPattern.expand(root + "/nothing/**/*.log").isEmpty)
    #expect(PathPattern.matches(root + "/x/y/z/app.log", pattern: root + "/x/**/z/*.log"))
    #expect(PathPattern.matches(root + "/x/app.log", pattern: root + "/**/*.log"))
    #expect(!PathPattern.matches(root + "/x/y/app.log", pattern: root + "/x/*.log"))
    #expect(!PathPattern.matches(root + "/x/.app.log", pattern: root + "/x/*.log"))
  }
}
