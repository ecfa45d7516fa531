// Small helpers the integration tests share: free ports, temporary directories, running a
// command to completion, and finding the real peer tools (node_exporter, promtool).
import Foundation
import Synchronization
import Testing

enum FreePort {
  /// Ports already handed out in this test process: never given twice, so two servers started at
  /// once cannot be told the same port.
  private static let issued = Mutex(Set<Int>())

  /// A free loopback port that no other test in this process was given.
  ///
  /// Chosen below the kernel's ephemeral range (32768 and up on Linux), from which `bind(0)` and
  /// every outgoing connection draw: a port taken from there and released could be reused by a
  /// client socket or a peer's `bind(0)` before the server under test binds it, and the test would
  /// then talk to the wrong process. `find(udp: true)` checks UDP instead of TCP.
  static func find(udp: Bool = false) throws -> Int {
    for _ in 0..<2_000 {
      let candidate = Int.random(in: 20_000..<32_000)
      let fresh = issued.withLock { $0.insert(candidate).inserted }
      if fresh, canBind(candidate, udp: udp) { return candidate }
    }
    throw POSIXError(.EADDRINUSE)
  }

  private static func canBind(_ port: Int, udp: Bool) -> Bool {
    let socketFD = socket(AF_INET, Int32((udp ? SOCK_DGRAM : SOCK_STREAM).rawValue), 0)
    guard socketFD >= 0 else { return false }
    defer { close(socketFD) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = UInt16(port).bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return withUnsafePointer(to: &address) {
      $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socketFD, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    } == 0
  }
}

enum TemporaryDirectory {
  static func make(prefix: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
  }
}

struct CommandResult {
  var status: Int32
  var stdout: String
  var stderr: String
}

enum Command {
  /// Runs a command to completion with optional standard input.
  static func run(_ executable: URL, _ arguments: [String], input: Data? = nil) throws -> CommandResult {
    let process = Process()
    process.executableURL = executable
    process.arguments = arguments
    let out = Pipe()
    let err = Pipe()
    let inPipe = Pipe()
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inPipe
    try process.run()
    if let input { inPipe.fileHandleForWriting.write(input) }
    try inPipe.fileHandleForWriting.close()
    // Read both pipes before waiting, so a chatty child cannot block on a full pipe.
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return CommandResult(
      status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
      stderr: String(decoding: errData, as: UTF8.self))
  }

  static func warden(_ arguments: [String]) throws -> CommandResult {
    try run(WardenBinary.url(), arguments)
  }
}

/// The real peer programs, from Debian packages that `make test` installs.
enum PeerTool {
  static func path(_ name: String) -> URL? {
    for directory in ["/usr/bin", "/usr/local/bin", "/usr/sbin"] {
      let candidate = "\(directory)/\(name)"
      if FileManager.default.isExecutableFile(atPath: candidate) { return URL(fileURLWithPath: candidate) }
    }
    return nil
  }

  /// The tool, or a recorded failure telling how to get it (`make test` installs it).
  static func require(_ name: String, package: String) throws -> URL {
    try #require(path(name), "\(name) is not installed: `apt-get install \(package)` (make test does this)")
  }
}
