// A store's own reference to one of its series, handed back by an append so that a receiver that
// meets the same label set again (remote_write senders repeat every series in every request) can
// pass it along with the next batch and spare the store its lookup by labels: hashing the labels,
// probing the series map and comparing every label. Opaque outside the store, which checks that a
// reference is its own and still live before using it, and looks the labels up otherwise.

/// A store's series, as receivers see it: its labels can be read, in place or as `Labels`.
package protocol StoredSeriesHandle: AnyObject, Sendable {
  /// The labels, built from the store's copies of the strings.
  var labels: Labels { get }

  /// Whether the series has exactly `count` labels and `body` answers true for each of them, in
  /// order: its index, and the UTF-8 bytes of its name and value, read in place (valid only
  /// during the call). Stops at the first false.
  func labelsMatch(count: Int, _ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool
}

/// What a store answers for one series of an appended batch.
package struct StoredSeries: Sendable {
  /// The store's series object; only the store that made it can use it.
  package let handle: any StoredSeriesHandle

  package init(handle: any StoredSeriesHandle) {
    self.handle = handle
  }

  /// The labels, built from the store's copies (allocates the array).
  package var labels: Labels { handle.labels }
}
