import Foundation
@testable import Collect
import Testing

struct DumpTemporary {
  @Test func dump() throws {
    guard let path = ProcessInfo.processInfo.environment["COLLECT_DUMP"] else { return }
    try (exposition(of: HostCollector()) + exposition(of: ProcessCollector())).write(toFile: path, atomically: true, encoding: .utf8)
  }
}
