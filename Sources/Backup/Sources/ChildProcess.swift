// Starting a program for a backup source or a drill: without a shell, with our environment plus
// the given variables (passwords travel here, never on the command line), standard input from
// /dev/null, and both outputs on pipes for the caller to read.
import Foundation

enum ChildProcess {
  /// Starts `arguments` (a path, or a name looked up on PATH through /usr/bin/env).
  /// - Throws: `BackupError` naming the program when it cannot be started.
  static func launch(_ arguments: [String], environment: [String: String]) throws -> (process: Process, output: Pipe, errors: Pipe) {
    guard let executable = arguments.first else { throw BackupError(.usage, "an empty command") }
    let process = Process()
    process.executableURL = executable.hasPrefix("/") ? URL(fileURLWithPath: executable) : URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = executable.hasPrefix("/") ? Array(arguments.dropFirst()) : arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    process.standardInput = FileHandle.nullDevice
    do {
      try process.run()
    } catch {
      throw BackupError(.io, "cannot run \(executable): \(error)")
    }
    return (process, output, errors)
  }
}
