// A store's own reference to one of its series, which a receiver finds by the hash of the label
// fields it was sent (remote_write senders repeat every series in every request) and passes along
// with the batch, sparing itself the decoding of the labels and the store its lookup by them:
// hashing the labels, probing the series map and comparing every label. Opaque outside the store,
// which checks that a reference is its own and still live before using it, and looks the labels
// up otherwise.

/// A store's series, as receivers see it: its labels can be read, in place or as `Labels`.
package protocol StoredSeriesHandle: AnyObject, Sendable {
  /// The labels, built from the store's copies of the strings.
  var labels: Labels { get }

  /// Whether the series has exactly `count` labels and `body` answers true for each of them, in
  /// order: its index, and the UTF-8 bytes of its name and value, read in place (valid only
  /// during the call). Stops at the first false.
  func labelsMatch(count: Int, _ body: (Int, UnsafeRawBufferPointer, UnsafeRawBufferPointer) -> Bool) -> Bool
}

/// A store that finds its series by `LabelsWireHash` alone, for a receiver that has the bytes of
/// a series' label fields but has not decoded them.
package protocol SeriesLookup: AnyObject, Sendable {
  /// A series whose labels have this hash, if there is one. Hashes collide: the caller confirms
  /// the labels (`StoredSeriesHandle.labelsMatch`), and decodes them when they differ.
  func series(labelsHash: UInt64) -> (any StoredSeriesHandle)?
}
