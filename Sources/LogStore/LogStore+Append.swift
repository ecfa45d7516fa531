// Appends: validate each stream once per batch, refuse or truncate records, write the accepted
// ones to the WAL, wait for the sync, then add them to their stream heads a run at a time.
package import WardenCore
import Synchronization

extension LogStore {
  /// Appends a batch; returns once every accepted record is durable in the WAL.
  /// - Returns: what happened to the records (accepted, truncated, rejected by reason).
  /// - Throws: `LogStoreError` (`.outOfSpace`, `.io`, `.closed`) when the WAL write failed: nothing
  ///   of the batch is acknowledged or visible.
  package func append(_ batch: LogBatch) async throws(LogStoreError) -> LogAppendReport {
    guard !batch.isEmpty else { return LogAppendReport() }
    let nowNs = WallClock.nowNs()
    let streamProblems = batch.streams.map { LogStreamLimits.problem($0, options: options) }
    let ids = registry.resolve(batch.streams.enumerated().compactMap { streamProblems[$0.offset] == nil ? $0.element : nil })
    var idByOrdinal = [StreamID?](repeating: nil, count: batch.streams.count)
    var next = 0
    for ordinal in batch.streams.indices where streamProblems[ordinal] == nil {
      idByOrdinal[ordinal] = ids[next]
      next += 1
    }
    let minTimeNs = options.retentionNs > 0 ? nowNs &- options.retentionNs : Int64.min

    while true {
      let head = try beginAppend()
      // Stream heads in this generation; nil for a refused stream.
      var heads = [StreamHead?](repeating: nil, count: batch.streams.count)
      let valid = batch.streams.indices.filter { idByOrdinal[$0] != nil }
      let resolved = head.streamHeads(valid.map { idByOrdinal[$0]! }, labels: valid.map { batch.streams[$0] }, maxStreams: options.maxStreams)
      var problems = streamProblems
      for (ordinal, streamHead) in zip(valid, resolved) {
        heads[ordinal] = streamHead
        if streamHead == nil { problems[ordinal] = .streamLimit }
      }
      let prepared = prepare(batch, problems: problems, minTimeNs: minTimeNs)
      guard prepared.report.acceptedRecords > 0 else {
        endAppend(head.generation)
        return prepared.report
      }
      var records: [UInt8] = []
      records.reserveCapacity(prepared.lines.lineBytes.count + prepared.lines.count * 8 + 256)
      LogWALRecord.appendEntries(streams: prepared.streams, lines: prepared.lines, ordinals: prepared.ordinals, to: &records)
      let submitted: UInt64?
      do throws(LogStoreError) {
        submitted = try submit(records, generation: head.generation)
      } catch {
        endAppend(head.generation)
        throw error
      }
      // A cut switched generations meanwhile: start over in the new one (rare: once per cut).
      guard let sequence = submitted else {
        endAppend(head.generation)
        continue
      }
      do throws(LogStoreError) {
        try await wal.waitUntilDurable(sequence)
      } catch {
        endAppend(head.generation)
        throw error
      }
      let streamHeads = prepared.streamOrdinals.map { heads[$0]! }
      Self.forEachRun(prepared.ordinals) { ordinal, range in
        streamHeads[Int(ordinal)].append(
          prepared.lines, range, nowNs: nowNs, blockTarget: options.blockTargetBytes, level: options.compressionLevel)
      }
      let total = head.lineBytes.add(prepared.lines.lineBytes.count, ordering: .relaxed).newValue
      endAppend(head.generation)
      if total >= options.segmentCutBytes, total - prepared.lines.lineBytes.count < options.segmentCutBytes {
        // Past the size threshold: cut in the background rather than make this appender wait.
        // The task holds the store only until the cut is done.
        Task { [self] in try? await withMaintenance { () async throws(LogStoreError) in try await cut() } }
      }
      return prepared.report
    }
  }

  private struct Prepared {
    var report = LogAppendReport()
    /// The WAL's stream list (the accepted streams) and the batch ordinal of each.
    var streams: [Labels] = []
    var streamOrdinals: [Int] = []
    var lines: LogLines
    /// Per record, its index in `streams`.
    var ordinals: [Int32]
  }

  /// The accepted records: the batch itself when nothing is refused or cut (the common case, no
  /// copy), else a filtered copy.
  private func prepare(_ batch: LogBatch, problems: [LogRejectReason?], minTimeNs: Int64) -> Prepared {
    let records = batch.records
    var needsCopy = problems.contains { $0 != nil }
    if !needsCopy {
      for index in 0..<records.count where records.timestampsNs[index] < minTimeNs || records.lineEnds[index] - records.lineStart(index) > options.maxLineBytes {
        needsCopy = true
        break
      }
    }
    if !needsCopy {
      var prepared = Prepared(streams: batch.streams, streamOrdinals: Array(batch.streams.indices), lines: records, ordinals: batch.streamOrdinals)
      prepared.report.acceptedRecords = records.count
      prepared.report.acceptedBytes = records.lineBytes.count
      return prepared
    }
    var prepared = Prepared(lines: LogLines(reservingRecords: records.count, lineBytes: records.lineBytes.count), ordinals: [])
    prepared.ordinals.reserveCapacity(records.count)
    var walOrdinal = [Int32](repeating: -1, count: batch.streams.count)
    for index in 0..<records.count {
      let ordinal = Int(batch.streamOrdinals[index])
      if let problem = problems[ordinal] {
        prepared.report.rejected[problem, default: 0] += 1
        continue
      }
      let timestamp = records.timestampsNs[index]
      if timestamp < minTimeNs {
        prepared.report.rejected[.tooOld, default: 0] += 1
        continue
      }
      if walOrdinal[ordinal] < 0 {
        walOrdinal[ordinal] = Int32(prepared.streams.count)
        prepared.streams.append(batch.streams[ordinal])
        prepared.streamOrdinals.append(ordinal)
      }
      var line = records.lineSlice(index)
      if line.count > options.maxLineBytes {
        line = line.prefix(LogStreamLimits.truncationLength(line, limit: options.maxLineBytes))
        prepared.report.truncatedLines += 1
      }
      prepared.lines.append(timestampNs: timestamp, line: line, metadata: records.metadata(index))
      prepared.ordinals.append(walOrdinal[ordinal])
      prepared.report.acceptedRecords += 1
      prepared.report.acceptedBytes += line.count
    }
    return prepared
  }

  /// Registers an append in the active generation.
  private func beginAppend() throws(LogStoreError) -> LogHead {
    try state.withLock { state throws(LogStoreError) -> LogHead in
      if state.isClosed { throw LogStoreError(.closed, "the log store is closed") }
      state.inflight[state.active.generation, default: 0] += 1
      return state.active
    }
  }

  /// Submits WAL records if `generation` is still the active one; nil if a cut switched it.
  private func submit(_ records: [UInt8], generation: UInt64) throws(LogStoreError) -> UInt64? {
    try state.withLock { state throws(LogStoreError) -> UInt64? in
      guard state.active.generation == generation else { return nil }
      return try wal.submit(records)
    }
  }

  private func endAppend(_ generation: UInt64) {
    let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
      let remaining = (state.inflight[generation] ?? 1) - 1
      state.inflight[generation] = remaining == 0 ? nil : remaining
      guard remaining == 0 else { return [] }
      return state.drainWaiters.removeValue(forKey: generation) ?? []
    }
    for waiter in waiters { waiter.resume() }
  }
}
