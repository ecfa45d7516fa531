// Free TCP ports on 127.0.0.1 for servers the tests start (PostgreSQL and the like). Ports are
// picked below Linux's ephemeral range (32768 and up), which outgoing connections and bind(0)
// draw from: a port from there could be taken by some client between our check and the server's
// bind. A port is never handed out twice in one test process.
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

package enum LoopbackPort {
  private static let handedOut = Mutex(Set<Int>())

  /// A port nothing listens on now and that this process has not handed out before.
  package static func free() throws -> Int {
    for _ in 0..<1_000 {
      let candidate = Int.random(in: 21_000..<32_000)
      guard handedOut.withLock({ $0.insert(candidate).inserted }) else { continue }
      if isBindable(candidate) { return candidate }
    }
    throw POSIXError(.EADDRINUSE)
  }

  private static func isBindable(_ port: Int) -> Bool {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { return false }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let result = withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    return result == 0
  }
}
