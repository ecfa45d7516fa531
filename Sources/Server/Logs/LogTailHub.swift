// Live tailing: every batch the log store has acknowledged is offered to the tail subscribers
// whose stream matchers it matches (`/loki/api/v1/tail`, `warden logs tail`). Each subscriber has
// a bounded queue; one that cannot keep up is cut off with a reason instead of growing memory
// without bound, as the issue asks.
import Synchronization
package import WardenCore

package final class LogTailHub: Sendable {
  /// Why a subscription ended from the hub's side.
  package enum EndReason: Sendable, Equatable {
    /// The subscriber's queue was full: it read slower than logs arrived.
    case tooSlow(queuedBatches: Int)
    /// The server is stopping.
    case shutdown
  }

  package struct Subscription: Sendable {
    package let id: UInt64
    package let batches: AsyncStream<LogBatch>
  }

  private struct Subscriber {
    var matchers: [LabelMatcher]
    var continuation: AsyncStream<LogBatch>.Continuation
  }

  private struct State {
    var nextID: UInt64 = 1
    var subscribers: [UInt64: Subscriber] = [:]
    var endReasons: [UInt64: EndReason] = [:]
  }

  private let state = Mutex(State())
  /// Batches queued per subscriber before it is cut off.
  package let maxQueuedBatches: Int

  package init(maxQueuedBatches: Int = 256) {
    self.maxQueuedBatches = maxQueuedBatches
  }

  package var subscriberCount: Int { state.withLock { $0.subscribers.count } }

  /// Starts receiving the records of streams matching every matcher, from now on.
  package func subscribe(matchers: [LabelMatcher]) -> Subscription {
    let (stream, continuation) = AsyncStream<LogBatch>.makeStream(bufferingPolicy: .bufferingNewest(maxQueuedBatches))
    let id = state.withLock { state in
      let id = state.nextID
      state.nextID += 1
      state.subscribers[id] = Subscriber(matchers: matchers, continuation: continuation)
      return id
    }
    continuation.onTermination = { [weak self] _ in self?.remove(id) }
    return Subscription(id: id, batches: stream)
  }

  /// Why the hub ended subscription `id`, if it did (nil when the subscriber left by itself).
  package func endReason(_ id: UInt64) -> EndReason? {
    state.withLock { $0.endReasons[id] }
  }

  /// Stops subscription `id` (the client went away).
  package func unsubscribe(_ id: UInt64) {
    let continuation = state.withLock { $0.subscribers.removeValue(forKey: id)?.continuation }
    continuation?.finish()
    state.withLock { _ = $0.endReasons.removeValue(forKey: id) }
  }

  /// Offers an acknowledged batch to every subscriber whose matchers it matches.
  package func publish(_ batch: LogBatch) {
    let subscribers = state.withLock { $0.subscribers }
    guard !subscribers.isEmpty, !batch.isEmpty else { return }
    for (id, subscriber) in subscribers {
      guard let selected = Self.select(batch, matching: subscriber.matchers) else { continue }
      if case .dropped = subscriber.continuation.yield(selected) {
        end(id, reason: .tooSlow(queuedBatches: maxQueuedBatches))
      }
    }
  }

  /// Ends every subscription (server shutdown).
  package func finishAll() {
    let ids = state.withLock { Array($0.subscribers.keys) }
    for id in ids { end(id, reason: .shutdown) }
  }

  private func end(_ id: UInt64, reason: EndReason) {
    let continuation = state.withLock { state -> AsyncStream<LogBatch>.Continuation? in
      guard let subscriber = state.subscribers.removeValue(forKey: id) else { return nil }
      state.endReasons[id] = reason
      return subscriber.continuation
    }
    continuation?.finish()
  }

  private func remove(_ id: UInt64) {
    state.withLock { _ = $0.subscribers.removeValue(forKey: id) }
  }

  /// The records of `batch` whose streams match, or nil when none does; the batch itself when all do.
  static func select(_ batch: LogBatch, matching matchers: [LabelMatcher]) -> LogBatch? {
    let matching = batch.streams.map { labels in matchers.allSatisfy { $0.matches(labels[$0.name]) } }
    if matching.allSatisfy({ $0 }) { return batch }
    guard matching.contains(true) else { return nil }
    var selected = LogBatch()
    var ordinals = [Int32](repeating: -1, count: batch.streams.count)
    for (ordinal, labels) in batch.streams.enumerated() where matching[ordinal] {
      ordinals[ordinal] = selected.stream(labels)
    }
    for index in 0..<batch.count {
      let ordinal = ordinals[Int(batch.streamOrdinals[index])]
      guard ordinal >= 0 else { continue }
      selected.append(
        stream: ordinal, timestampNs: batch.records.timestampsNs[index], line: batch.records.lineSlice(index),
        metadata: batch.records.metadata(index))
    }
    return selected
  }
}
