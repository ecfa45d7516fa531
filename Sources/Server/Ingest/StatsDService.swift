// The StatsD/DogStatsD receiver: a UDP socket whose datagrams are parsed and aggregated on the
// event loop as they arrive, and a loop that writes the aggregate through `SampleSink` every
// flush interval (and once more when the server stops).
import Foundation
import Ingest
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle
import Synchronization
import WardenCore

struct StatsDService: Service {
  static let receiver = "statsd"

  let configuration: StatsDConfiguration
  let sink: SampleSink
  let logger: Logger

  func run() async throws {
    let aggregator = StatsDSharedAggregator(options: configuration.aggregatorOptions)
    let metrics = sink.metrics
    let logger = logger
    let channel: any Channel
    do {
      channel = try await DatagramBootstrap(group: MultiThreadedEventLoopGroup.singleton)
        .channelOption(.socketOption(.so_reuseaddr), value: 1)
        // NIO's default 2 KiB receive buffer would truncate larger datagrams.
        .channelOption(.recvAllocator, value: FixedSizeRecvByteBufferAllocator(capacity: 65_536))
        .channelInitializer { channel in
          channel.eventLoop.makeCompletedFuture {
            try channel.pipeline.syncOperations.addHandler(
              StatsDDatagramHandler(aggregator: aggregator, metrics: metrics, logger: logger))
          }
        }
        .bind(host: configuration.listen.host, port: configuration.listen.port).get()
    } catch {
      throw StartupError("cannot listen for StatsD on udp \(configuration.listen): \(error)")
    }
    logger.info(
      "StatsD receiver listening",
      metadata: [
        "statsd.listen": "\(channel.localAddress.map { "\($0)" } ?? "\(configuration.listen)")",
        "statsd.flush_interval": "\(configuration.flushInterval)",
      ])
    await cancelWhenGracefulShutdown { await flushLoop(aggregator) }
    // Stop receiving, then store what arrived since the last flush.
    try? await channel.close()
    _ = await flush(aggregator, failing: false)
  }

  private func flushLoop(_ aggregator: StatsDSharedAggregator) async {
    let clock = ContinuousClock()
    let interval = configuration.flushInterval.duration
    var next = clock.now + interval
    var failing = false
    while !Task.isCancelled {
      do { try await clock.sleep(until: next) } catch { return }
      next = max(next + interval, clock.now)
      failing = await flush(aggregator, failing: failing)
    }
  }

  /// Writes one flush; returns whether the store refused it, logging only changes of state.
  private func flush(_ aggregator: StatsDSharedAggregator, failing: Bool) async -> Bool {
    let batch = aggregator.flush(atMs: Int64((Date().timeIntervalSince1970 * 1000).rounded()))
    guard !batch.isEmpty else { return failing }
    do {
      _ = try await sink.append(batch, receiver: Self.receiver)
      if failing { logger.info("StatsD samples are being stored again") }
      return false
    } catch {
      // Counted by the sink; counters are cumulative, so the next flush carries their totals.
      if !failing { logger.warning("cannot store StatsD samples", metadata: ["error": "\(error)"]) }
      return true
    }
  }
}

/// The aggregator shared by the event loop (adding) and the flush loop (flushing).
final class StatsDSharedAggregator: Sendable {
  private let aggregator: Mutex<StatsDAggregator>

  init(options: StatsDAggregatorOptions) {
    aggregator = Mutex(StatsDAggregator(options: options))
  }

  func add(_ lines: [StatsDLine], from datagram: UnsafeBufferPointer<UInt8>) -> StatsDAddReport {
    aggregator.withLock { $0.add(lines, from: datagram) }
  }

  func flush(atMs timestampMs: Int64) -> SampleBatch {
    aggregator.withLock { $0.flush(atMs: timestampMs) }
  }
}

/// Parses each datagram in place (no copy out of NIO's buffer) and counts what it refuses.
/// Lives on its channel's event loop only.
final class StatsDDatagramHandler: ChannelInboundHandler {
  typealias InboundIn = AddressedEnvelope<ByteBuffer>

  private let aggregator: StatsDSharedAggregator
  private let metrics: IngestMetrics
  private let logger: Logger
  private let limits = StatsDLimits()
  /// Reused for every datagram so parsing does not allocate once it has grown.
  private var parsed = StatsDParseResult()

  init(aggregator: StatsDSharedAggregator, metrics: IngestMetrics, logger: Logger) {
    self.aggregator = aggregator
    self.metrics = metrics
    self.logger = logger
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    let envelope = unwrapInboundIn(data)
    let report = envelope.data.withUnsafeReadableBytes { raw in
      raw.withMemoryRebound(to: UInt8.self) { bytes in
        StatsDParser.parse(bytes, limits: limits, into: &parsed)
        return aggregator.add(parsed.lines, from: bytes)
      }
    }
    let receiver = StatsDService.receiver
    if parsed.isDatagramRejected { metrics.rejectRequest(receiver: receiver, reason: "too_large") }
    metrics.reject(receiver: receiver, reason: "malformed_line", samples: parsed.rejectedLines)
    metrics.reject(receiver: receiver, reason: "unsupported", samples: parsed.unsupportedLines)
    metrics.reject(receiver: receiver, reason: "series_limit", samples: report.overSeriesLimit)
    metrics.reject(receiver: receiver, reason: "type_conflict", samples: report.typeConflicts)
    if let error = parsed.errors.first {
      logger.debug(
        "StatsD datagram had bad lines",
        metadata: [
          "error": "\(error)", "lines.rejected": "\(parsed.rejectedLines)", "remote": "\(envelope.remoteAddress)",
        ])
    }
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    // A UDP read error (e.g. ICMP-induced) concerns one datagram; keep the socket open.
    logger.debug("StatsD socket error", metadata: ["error": "\(error)"])
  }
}
