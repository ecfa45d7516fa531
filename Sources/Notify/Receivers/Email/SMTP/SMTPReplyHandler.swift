// The inbound side of an SMTP connection: feeds received bytes to an `SMTPReplyParser` and hands
// each reply to the command waiting for it, failing the wait after its timeout. Lives on the
// channel's event loop only.
import NIOCore

/// Reply delivery. Not thread-safe: used on its channel's event loop only.
final class SMTPReplyHandler: ChannelInboundHandler {
  typealias InboundIn = ByteBuffer

  private var parser = SMTPReplyParser()
  private var replies: [SMTPReply] = []
  private var waiter: EventLoopPromise<SMTPReply>?
  private var timer: Scheduled<Void>?
  private var failure: ReceiverFailure?

  /// The next reply, failing after `timeout` (the channel is closed then).
  func nextReply(context channel: any Channel, timeout: TimeAmount, step: String) -> EventLoopFuture<SMTPReply> {
    let loop = channel.eventLoop
    if !replies.isEmpty { return loop.makeSucceededFuture(replies.removeFirst()) }
    if let failure { return loop.makeFailedFuture(failure) }
    let promise = loop.makePromise(of: SMTPReply.self)
    waiter = promise
    // The timer fires on this handler's loop, so the loop-bound reference is safe to use there.
    let handler = NIOLoopBound(self, eventLoop: loop)
    timer = loop.scheduleTask(in: timeout) {
      handler.value.fail(.retryable("SMTP server did not answer \(step) in time"))
      channel.close(promise: nil)
    }
    return promise.futureResult
  }

  func channelRead(context: ChannelHandlerContext, data: NIOAny) {
    guard failure == nil else { return }
    let buffer = unwrapInboundIn(data)
    switch parser.feed(buffer.readableBytesView) {
    case .success(let complete):
      for reply in complete { deliver(reply) }
    case .failure(let problem):
      fail(problem)
      context.close(promise: nil)
    }
  }

  private func deliver(_ reply: SMTPReply) {
    if let waiter {
      self.waiter = nil
      timer?.cancel()
      waiter.succeed(reply)
    } else {
      replies.append(reply)
    }
  }

  private func fail(_ failure: ReceiverFailure) {
    if self.failure == nil { self.failure = failure }
    if let waiter {
      self.waiter = nil
      timer?.cancel()
      waiter.fail(self.failure ?? failure)
    }
  }

  func channelInactive(context: ChannelHandlerContext) {
    fail(.retryable("SMTP server closed the connection"))
    context.fireChannelInactive()
  }

  func errorCaught(context: ChannelHandlerContext, error: any Error) {
    fail(SMTPConnection.describe(error))
    context.close(promise: nil)
  }
}
