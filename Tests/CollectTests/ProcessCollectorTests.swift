// ProcessCollector on the real /proc/self and on a fixture /proc.

import Foundation
@testable import Collect
import Testing

struct ProcessCollectorTests {
  @Test func realProcessHasSaneValues() {
    let text = exposition(of: ProcessCollector())
    #expect((value(of: "process_resident_memory_bytes", in: text) ?? 0) > 1_000_000)
    #expect((value(of: "process_virtual_memory_bytes", in: text) ?? 0) > 1_000_000)
    #expect((value(of: "process_open_fds", in: text) ?? 0) >= 3)
    #expect((value(of: "process_max_fds", in: text) ?? 0) >= 3)
    #expect(value(of: "process_cpu_seconds_total", in: text) != nil)
    #expect(value(of: "process_virtual_memory_max_bytes", in: text) != nil)
    let start = value(of: "process_start_time_seconds", in: text) ?? 0
    let now = Date().timeIntervalSince1970
    #expect(start > now - 86400 * 365 && start <= now + 1)
    var validator = ExpositionValidator()
    #expect(validator.validate(text).isEmpty)
  }

  @Test func fixtureProcess() throws {
    let tree = try FixtureTree()
    defer { tree.remove() }
    try tree.write("proc/self/stat", ProcFixtures.selfStat)
    try tree.write("proc/self/limits", ProcFixtures.limits)
    try tree.write("proc/self/fd/0", "")
    try tree.write("proc/self/fd/1", "")
    try tree.write("proc/stat", ProcFixtures.stat)
    let collector = ProcessCollector(procPath: tree.procPath)
    let text = exposition(of: collector)
    let pageSize = Double(sysconf(Int32(_SC_PAGESIZE)))
    #expect(
      samples("process_cpu_seconds_total", in: text) == ["process_cpu_seconds_total 3.25"])
    #expect(value(of: "process_resident_memory_bytes", in: text) == 412 * pageSize)
    #expect(samples("process_virtual_memory_bytes", in: text) == ["process_virtual_memory_bytes 3133440"])
    #expect(samples("process_open_fds", in: text) == ["process_open_fds 2"])
    #expect(samples("process_max_fds", in: text) == ["process_max_fds 20000"])
    #expect(samples("process_virtual_memory_max_bytes", in: text) == ["process_virtual_memory_max_bytes 1.8446744073709552e+19"])
    #expect(samples("process_start_time_seconds", in: text) == ["process_start_time_seconds 1795221511.68"])
    // The boot time is cached: a second collection without /proc/stat still has the start time.
    try FileManagerShim.remove(tree.procPath + "/stat")
    #expect(samples("process_start_time_seconds", in: exposition(of: collector)).count == 1)
  }

  @Test func missingFilesLeaveFamiliesOut() throws {
    let tree = try FixtureTree()
    defer { tree.remove() }
    #expect(exposition(of: ProcessCollector(procPath: tree.procPath)).isEmpty)
  }
}
