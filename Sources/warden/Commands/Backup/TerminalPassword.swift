// Reads a password from the terminal with echo off (termios), restoring the terminal after.
import Foundation

#if canImport(Glibc)
  import Glibc
#endif

enum TerminalPassword {
  static func read(prompt: String) throws -> String {
    printToStandardError(prompt, newline: false)
    var original = termios()
    let haveTerminal = tcgetattr(0, &original) == 0
    if haveTerminal {
      var silent = original
      silent.c_lflag &= ~tcflag_t(ECHO)
      tcsetattr(0, TCSANOW, &silent)
    }
    defer {
      if haveTerminal { tcsetattr(0, TCSANOW, &original) }
      printToStandardError("")
    }
    guard let line = readLine(strippingNewline: true), !line.isEmpty else {
      throw CommandFailure(message: "no password given")
    }
    return line
  }
}
