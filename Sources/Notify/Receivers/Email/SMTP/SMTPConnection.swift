// One SMTP connection over SwiftNIO: TCP, or TLS from the start (implicit TLS, port 465), with
// STARTTLS inserting the TLS handler mid-session. Commands are written and their replies awaited
// one at a time, each bounded by what is left of the attempt's deadline. Written here because
// no listed package speaks SMTP.
import Foundation
import NIOCore
import NIOPosix
import NIOSSL

/// A session with an SMTP server. Use from one task at a time; the handler it drives lives on
/// the channel's event loop and is only touched there (`NIOLoopBound`).
final class SMTPConnection: Sendable {
  private let channel: any Channel
  private let handler: NIOLoopBound<SMTPReplyHandler>
  private let deadline: NIODeadline
  /// Whether the session is encrypted (implicit TLS or after STARTTLS).
  let isEncrypted: Bool

  private init(channel: any Channel, handler: NIOLoopBound<SMTPReplyHandler>, deadline: NIODeadline, isEncrypted: Bool) {
    self.channel = channel
    self.handler = handler
    self.deadline = deadline
    self.isEncrypted = isEncrypted
  }

  /// Connects to `host:port`, with TLS from the first byte when `implicitTLS` is given.
  static func connect(
    host: String, port: Int, implicitTLS: TLSConfiguration?, serverName: String?, deadline: NIODeadline
  ) async throws(ReceiverFailure) -> SMTPConnection {
    let sslContext: NIOSSLContext?
    do {
      sslContext = try implicitTLS.map { try NIOSSLContext(configuration: $0) }
    } catch {
      throw .permanent("cannot set up TLS: \(error)")
    }
    let sniName = tlsHostname(serverName ?? host)
    let remaining = deadline - .now()
    guard remaining > .zero else { throw .retryable("SMTP attempt timed out before connecting") }
    let bootstrap = ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
      .connectTimeout(remaining)
      .channelInitializer { channel in
        channel.eventLoop.makeCompletedFuture {
          if let sslContext {
            try channel.pipeline.syncOperations.addHandler(NIOSSLClientHandler(context: sslContext, serverHostname: sniName))
          }
          try channel.pipeline.syncOperations.addHandler(SMTPReplyHandler())
        }
      }
    let channel: any Channel
    do {
      channel = try await bootstrap.connect(host: host, port: port).get()
    } catch {
      throw describe(error, connecting: "\(host):\(port)")
    }
    let handler: NIOLoopBound<SMTPReplyHandler>
    do {
      handler = try await channel.eventLoop.submit {
        NIOLoopBound(try channel.pipeline.syncOperations.handler(type: SMTPReplyHandler.self), eventLoop: channel.eventLoop)
      }.get()
    } catch {
      channel.close(promise: nil)
      throw .retryable("cannot set up the SMTP connection: \(error)")
    }
    return SMTPConnection(channel: channel, handler: handler, deadline: deadline, isEncrypted: implicitTLS != nil)
  }

  /// The server's next reply (the greeting, or the answer to what was sent).
  func reply(_ step: String) async throws(ReceiverFailure) -> SMTPReply {
    let remaining = deadline - .now()
    let handler = self.handler
    let channel = self.channel
    do {
      return try await channel.eventLoop.flatSubmit {
        handler.value.nextReply(context: channel, timeout: max(remaining, .milliseconds(1)), step: step)
      }.get()
    } catch let failure as ReceiverFailure {
      throw failure
    } catch {
      throw Self.describe(error)
    }
  }

  /// Writes `line` (CRLF added) and awaits the reply. `shown` replaces the line in failure
  /// reasons when it carries credentials.
  func command(_ line: String, shown: String? = nil) async throws(ReceiverFailure) -> SMTPReply {
    try await write(Array((line + "\r\n").utf8), step: shown ?? line)
    return try await reply(shown ?? line)
  }

  /// Writes raw bytes (the message after DATA).
  func write(_ bytes: [UInt8], step: String) async throws(ReceiverFailure) {
    do {
      try await channel.writeAndFlush(ByteBuffer(bytes: bytes)).get()
    } catch {
      throw .retryable("cannot send \(step) to the SMTP server: \(Self.describe(error).reason)")
    }
  }

  /// Switches the session to TLS after the server accepted STARTTLS; returns the encrypted session.
  func startTLS(_ configuration: TLSConfiguration, serverName: String) async throws(ReceiverFailure) -> SMTPConnection {
    let context: NIOSSLContext
    do {
      context = try NIOSSLContext(configuration: configuration)
    } catch {
      throw .permanent("cannot set up TLS: \(error)")
    }
    let channel = self.channel
    let sniName = Self.tlsHostname(serverName)
    do {
      try await channel.eventLoop.submit {
        try channel.pipeline.syncOperations.addHandler(
          NIOSSLClientHandler(context: context, serverHostname: sniName), position: .first)
      }.get()
    } catch {
      throw .retryable("cannot start TLS: \(error)")
    }
    return SMTPConnection(channel: channel, handler: handler, deadline: deadline, isEncrypted: true)
  }

  /// Says QUIT without waiting long for the answer, then closes.
  func close() async {
    let quitDeadline = min(deadline, .now() + .seconds(1))
    let closing = SMTPConnection(channel: channel, handler: handler, deadline: quitDeadline, isEncrypted: isEncrypted)
    _ = try? await closing.command("QUIT")
    try? await channel.close()
  }

  /// Cuts the connection now (after a failure).
  func abort() {
    channel.close(promise: nil)
  }

  // MARK: - Errors

  /// SNI takes host names only, not IP addresses.
  private static func tlsHostname(_ host: String) -> String? {
    if host.contains(":") { return nil }
    if host.split(separator: ".").count == 4, host.allSatisfy({ $0.isNumber || $0 == "." }) { return nil }
    return host.isEmpty ? nil : host
  }

  /// Certificate problems will not fix themselves; the rest of the transport may.
  static func describe(_ error: any Error, connecting target: String? = nil) -> ReceiverFailure {
    if let failure = error as? ReceiverFailure { return failure }
    let prefix = target.map { "cannot connect to SMTP server \($0): " } ?? "SMTP connection failed: "
    if let tlsError = error as? NIOSSLError {
      switch tlsError {
      case .handshakeFailed, .unableToValidateCertificate:
        return .permanent(prefix + "TLS handshake failed: \(tlsError)")
      default:
        return .retryable(prefix + "\(tlsError)")
      }
    }
    if error is NIOSSLExtraError { return .permanent(prefix + "TLS: \(error)") }
    return .retryable(prefix + "\(error)")
  }
}
