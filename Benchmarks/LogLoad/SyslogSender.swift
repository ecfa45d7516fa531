// Writes a syslog plan over K TCP connections, one thread per connection with blocking writes (the
// simplest way to keep K sockets full), and returns when every byte is handed to the kernel and
// each connection is closed. Whether the receiver stored it all is checked apart (StoredLines).
import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

enum SyslogSender {
  static func run(plan: SyslogPlan, host: String, port: UInt16) throws -> Double {
    let failures = Mutex<[String]>([])
    let group = DispatchGroup()
    let start = ContinuousClock.now
    for (index, bytes) in plan.byConnection.enumerated() {
      group.enter()
      let thread = Thread {
        defer { group.leave() }
        if let problem = write(bytes, host: host, port: port) {
          failures.withLock { $0.append("connection \(index): \(problem)") }
        }
      }
      thread.stackSize = 1 << 20
      thread.start()
    }
    group.wait()
    let elapsed = seconds(ContinuousClock.now - start)
    let problems = failures.withLock { $0 }
    if !problems.isEmpty { throw CorpusError(description: problems.joined(separator: "; ")) }
    return elapsed
  }

  /// Connects, writes everything and closes. Returns a description of the first failure.
  private static func write(_ bytes: [UInt8], host: String, port: UInt16) -> String? {
    let socketDescriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard socketDescriptor >= 0 else { return "socket: \(String(cString: strerror(errno)))" }
    defer { close(socketDescriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else { return "\(host) is not an IPv4 address" }
    let connected = withUnsafePointer(to: &address) { pointer in
      pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
        connect(socketDescriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
      }
    }
    guard connected == 0 else { return "connect to \(host):\(port): \(String(cString: strerror(errno)))" }
    let failure: String? = bytes.withUnsafeBytes { buffer in
      var offset = 0
      while offset < buffer.count {
        let chunk = min(1 << 18, buffer.count - offset)
        let written = send(socketDescriptor, buffer.baseAddress! + offset, chunk, Int32(MSG_NOSIGNAL))
        if written < 0 {
          if errno == EINTR { continue }
          return "send after \(offset) bytes: \(String(cString: strerror(errno)))"
        }
        offset += written
      }
      return nil
    }
    if let failure { return failure }
    // A graceful close: the kernel still delivers what is buffered, then FIN. Nothing is read
    // back, so closing cannot turn into a reset.
    shutdown(socketDescriptor, Int32(SHUT_WR))
    return nil
  }
}
