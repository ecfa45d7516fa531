// The syslog receiver (`logs.syslog:`): a TCP listener (RFC 6587 octet counting or newline
// framing, decided per frame) and a UDP socket (one message per datagram), both parsing RFC 5424
// and RFC 3164 (Ingest/Syslog) into batches stored through `LogSink`. A TCP connection stops
// reading while its batch is being stored, so a fast sender is slowed to what the store takes
// instead of buffering without bound; a frame over the size limit is skipped and counted.
import Foundation
import Ingest
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import WardenCore

struct SyslogService: Service {
  static let protocolName = "syslog"

  let configuration: SyslogConfiguration
  let sink: LogSink
  let logger: Logger

  func run() async throws {
    let group = MultiThreadedEventLoopGroup.singleton
    var channels: [any Channel] = []
    let context = SyslogReceiverContext(
      sink: sink, logger: logger, maxFrameBytes: Int(configuration.maxMessageSize.bytes), extraLabels: configuration.labels)
    if let address = configuration.tcp {
      do {
        let channel = try await ServerBootstrap(group: group)
          .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
          .serverChannelOption(.backlog, value: 256)
          .childChannelOption(.maxMessagesPerRead, value: 16)
          .childChannelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
              try channel.pipeline.syncOperations.addHandler(SyslogStreamHandler(context: context))
            }
          }
          .bind(host: address.host, port: address.port).get()
        channels.append(channel)
      } catch {
        throw StartupError("cannot listen for syslog on tcp \(address): \(error)")
      }
    }
    if let address = configuration.udp {
      do {
        let channel = try await DatagramBootstrap(group: group)
          .channelOption(.socketOption(.so_reuseaddr), value: 1)
          // Datagrams up to 64 KiB; NIO's default 2 KiB buffer would cut longer messages.
          .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
          .channelOption(.maxMessagesPerRead, value: 64)
          .channelInitializer { channel in
            channel.eventLoop.makeCompletedFuture {
              try channel.pipeline.syncOperations.addHandler(SyslogDatagramHandler(context: context))
            }
          }
          .bind(host: address.host, port: address.port).get()
        channels.append(channel)
      } catch {
        for channel in channels { try? await channel.close() }
        throw StartupError("cannot listen for syslog on udp \(address): \(error)")
      }
    }
    logger.info(
      "syslog receiver listening",
      metadata: [
        "syslog.tcp": "\(configuration.tcp.map { "\($0)" } ?? "off")", "syslog.udp": "\(configuration.udp.map { "\($0)" } ?? "off")",
      ])
    try? await gracefulShutdown()
    for channel in channels { try? await channel.close() }
  }
}

/// What every syslog handler shares.
struct SyslogReceiverContext: Sendable {
  let sink: LogSink
  let logger: Logger
  let maxFrameBytes: Int
  let extraLabels: [String: String]

  /// Stores a parsed batch; failures are counted by the sink and logged here (syslog has no
  /// way to tell the sender).
  func store(_ batch: LogBatch) async {
    var batch = batch
    if !extraLabels.isEmpty {
      batch.relabelStreams { labels in
        extraLabels.reduce(labels) { $0[$1.key].isEmpty ? $0.setting($1.key, to: $1.value) : $0 }
      }
    }
    do {
      try await sink.append(batch, protocol: SyslogService.protocolName)
    } catch {
      logger.warning("cannot store syslog messages", metadata: ["error": "\(error)", "lines": "\(batch.count)"])
    }
  }

  static func nowNs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }
}

/// One TCP connection: frames parsed as they complete, stored once per read burst, reading
/// paused until the store has taken them. Lives on its channel's event loop only.
final class SyslogStreamHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private let context: SyslogReceiverContext
  private var framer: SyslogFramer
  private var parser = SyslogParser()
  private var batch = LogBatch()
  private var source: String?

  init(context: SyslogReceiverContext) {
    self.context = context
    framer = SyslogFramer(maxFrameBytes: context.maxFrameBytes)
  }

  func channelActive(context channelContext: ChannelHandlerContext) {
    source = channelContext.remoteAddress?.ipAddress
    channelContext.fireChannelActive()
  }

  func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
    let buffer = unwrapInboundIn(data)
    buffer.withUnsafeReadableBytes { framer.append($0) }
    let nowNs = SyslogReceiverContext.nowNs()
    while true {
      do {
        guard let frame = try framer.nextFrame() else { break }
        parser.parse(frame: frame, receivedAtNs: nowNs, source: source, into: &batch)
      } catch {
        context.sink.metrics.rejectedRequest(protocol: SyslogService.protocolName, reason: "too_large")
        context.logger.debug("syslog frame skipped", metadata: ["error": "\(error)", "remote": "\(source ?? "?")"])
      }
    }
  }

  func channelReadComplete(context channelContext: ChannelHandlerContext) {
    submit(channelContext)
  }

  func channelInactive(context channelContext: ChannelHandlerContext) {
    if let last = framer.finish() {
      parser.parse(frame: last, receivedAtNs: SyslogReceiverContext.nowNs(), source: source, into: &batch)
    }
    submit(channelContext)
    channelContext.fireChannelInactive()
  }

  private func submit(_ channelContext: ChannelHandlerContext) {
    guard !batch.isEmpty else { return }
    let pending = batch
    batch = LogBatch()
    let channel = channelContext.channel
    let receiver = context
    // Backpressure: stop reading until the store has the batch.
    channel.setOption(.autoRead, value: false).whenComplete { _ in
      Task {
        await receiver.store(pending)
        _ = channel.setOption(.autoRead, value: true)
      }
    }
  }

  func errorCaught(context channelContext: ChannelHandlerContext, error: any Error) {
    context.logger.debug("syslog connection error", metadata: ["error": "\(error)"])
    channelContext.close(promise: nil)
  }
}

/// The UDP socket: each datagram one message, stored once per read burst.
final class SyslogDatagramHandler: ChannelInboundHandler {
  typealias InboundIn = AddressedEnvelope<ByteBuffer>

  /// UDP has no way to slow a sender: past this many batches waiting for the store, datagrams
  /// are dropped and counted rather than queued without bound.
  static let maxBatchesInFlight = 64

  private let context: SyslogReceiverContext
  private var parser = SyslogParser()
  private var batch = LogBatch()
  private let inFlight = InFlightBatches()

  init(context: SyslogReceiverContext) {
    self.context = context
  }

  func channelRead(context channelContext: ChannelHandlerContext, data: NIOAny) {
    let envelope = unwrapInboundIn(data)
    let source = envelope.remoteAddress.ipAddress
    let nowNs = SyslogReceiverContext.nowNs()
    envelope.data.withUnsafeReadableBytes { bytes in
      parser.parse(frame: bytes, receivedAtNs: nowNs, source: source, into: &batch)
    }
  }

  func channelReadComplete(context channelContext: ChannelHandlerContext) {
    guard !batch.isEmpty else { return }
    let pending = batch
    batch = LogBatch()
    guard inFlight.enter(limit: Self.maxBatchesInFlight) else {
      context.sink.metrics.rejected(protocol: SyslogService.protocolName, reason: "overloaded", lines: pending.count)
      return
    }
    let receiver = context
    let inFlight = inFlight
    Task {
      await receiver.store(pending)
      inFlight.leave()
    }
  }

  func errorCaught(context channelContext: ChannelHandlerContext, error: any Error) {
    // A UDP read error concerns one datagram; keep the socket open.
    context.logger.debug("syslog socket error", metadata: ["error": "\(error)"])
  }
}

/// Batches handed to the store and not yet stored, shared by the event loop and the store tasks.
final class InFlightBatches: Sendable {
  private let count = Mutex(0)

  /// Counts one more unless `limit` are already in flight.
  func enter(limit: Int) -> Bool {
    count.withLock { count in
      guard count < limit else { return false }
      count += 1
      return true
    }
  }

  func leave() { count.withLock { $0 -= 1 } }
}
