// Collections from this machine's real /proc and /sys: key families exist with sane values, the
// output is well-formed, and promtool (when installed) finds nothing wrong with it.

import Foundation
@testable import Collect
import Testing

struct LiveHostTests {
  @Test func keyFamiliesHaveSaneValues() throws {
    let text = exposition(of: HostCollector())
    var validator = ExpositionValidator()
    let problems = validator.validate(text)
    #expect(problems.isEmpty, "\(problems.prefix(5))")

    #expect((value(of: "node_memory_MemTotal_bytes", in: text) ?? 0) > 0)
    #expect((value(of: "node_boot_time_seconds", in: text) ?? 0) > 1_000_000_000)
    #expect(value(of: "node_load1", in: text) != nil)
    #expect((value(of: "node_filefd_maximum", in: text) ?? 0) > 0)

    // One node_cpu_seconds_total per online CPU and mode.
    let cpuLines = samples("node_cpu_seconds_total", in: text)
    let cpus = Set(cpuLines.compactMap { line in line.split(separator: "\"").dropFirst().first.map(String.init) })
    let online = sysconf(Int32(_SC_NPROCESSORS_ONLN))
    #expect(cpus.count == online)
    #expect(cpuLines.count == online * 8)
    for mode in ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"] {
      #expect(cpuLines.filter { $0.contains(#"mode="\#(mode)""#) }.count == online)
    }

    #expect(samples("node_uname_info", in: text).first?.contains(#"sysname="Linux""#) == true)
    #expect(!samples("node_filesystem_size_bytes", in: text).isEmpty)
    for line in samples("node_scrape_collector_success", in: text) where line.contains(#""cpu""#) || line.contains(#""meminfo""#) {
      #expect(line.hasSuffix(" 1"))
    }
  }

  @Test func promtoolFindsNoProblems() throws {
    let promtool = "/usr/bin/promtool"
    guard FileManager.default.isExecutableFile(atPath: promtool) else { return }
    var text = exposition(of: HostCollector())
    text += exposition(of: ProcessCollector())
    let process = Process()
    process.executableURL = URL(fileURLWithPath: promtool)
    process.arguments = ["check", "metrics"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(text.utf8))
    try input.fileHandleForWriting.close()
    let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    // promtool's lint objects to two kinds of names node_exporter has always used and that
    // dashboards depend on: the camel-case meminfo fields and the `_bits` entropy unit. It says
    // the same about node_exporter's own output. Anything else is a real problem.
    let problems = report.split(separator: "\n").filter { line in
      !(line.hasPrefix("node_memory_") && line.hasSuffix("should be written in 'snake_case' not 'camelCase'"))
        && !(line.hasPrefix("node_entropy_") && line.hasSuffix(#"use base unit "bytes" instead of "bits""#))
    }
    #expect(problems.isEmpty, "\(problems)")
    // Exit status 3 means lint findings only; 1 would mean the text did not parse.
    #expect(process.terminationStatus == 0 || process.terminationStatus == 3, "\(report)")
  }

  @Test func concurrentCollectionsAgree() async {
    let collector = HostCollector()
    let families = await withTaskGroup(of: [String].self) { group in
      for _ in 0..<8 {
        group.addTask {
          exposition(of: collector).split(separator: "\n").filter { $0.hasPrefix("# TYPE ") }.map(String.init)
        }
      }
      var all: [[String]] = []
      for await result in group { all.append(result) }
      return all
    }
    #expect(Set(families).count == 1)
  }
}
