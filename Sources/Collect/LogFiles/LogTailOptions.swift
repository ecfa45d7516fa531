// Settings of the file tailer as a whole (the `log_files` entries say what to read; these say how):
// polling interval, read and batch sizes, limits, and where positions are saved.

package struct LogTailOptions: Sendable, Equatable {
  /// How often globs are expanded and files are checked for growth, rotation and truncation.
  /// Polling rather than inotify: it works the same on every file system (NFS, overlayfs, bind
  /// mounts where inotify events never come), needs no watch per directory, and one stat per file
  /// per round sees a rotation as one atomic change of inode or size, where event streams can
  /// overflow or report a rename and a create in an order that has to be reconstructed.
  package var pollInterval: Duration = .seconds(1)
  /// Where positions are saved (`<data>/logs/positions.json`); nil keeps them in memory only.
  package var positionsPath: String?
  /// Bytes asked of one `read`: large, so a busy file costs few system calls.
  package var readChunkBytes = 256 * 1024
  /// A line longer than this is truncated to it (and counted); the rest up to its newline is
  /// skipped. The log store also truncates rather than drops, so nothing is lost silently twice.
  package var maxLineBytes = 256 * 1024
  /// A batch handed to the sink is cut once its lines pass this size (so it holds at most this
  /// plus one read chunk and one record).
  package var maxBatchBytes = 4 * 1024 * 1024
  /// Files held open at once (draining rotated files included); more matching files wait.
  package var maxOpenFiles = 512
  /// A last line without its newline is emitted after this long with nothing new in the file
  /// (entries with `multiline:` use their `timeout`).
  package var partialLineTimeout: Duration = .seconds(5)
  /// A file renamed away by rotation is kept open and read this long after it last grew, for a
  /// writer that still has it open; a deleted file is read to its end and closed at once.
  package var rotatedFileWait: Duration = .seconds(5)
  /// After the sink throws, the batch is offered again after this long.
  package var retryInterval: Duration = .seconds(1)

  package init() {}
}
