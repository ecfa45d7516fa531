// A store's own reference to one of its series, handed back by an append so that a receiver that
// meets the same label set again (remote_write senders repeat every series in every request) can
// pass it along with the next batch and spare the store its lookup by labels: hashing the labels,
// probing the series map and comparing every label. Opaque outside the store, which checks that a
// reference is its own and still live before using it, and looks the labels up otherwise.

/// What a store answers for one series of an appended batch.
package struct StoredSeries: Sendable {
  /// The store's series object; only the store that made it can use it.
  package let handle: any AnyObject & Sendable
  /// The store's copy of the labels (shares the store's storage, so keeping it costs a reference).
  package let labels: Labels

  package init(handle: any AnyObject & Sendable, labels: Labels) {
    self.handle = handle
    self.labels = labels
  }
}
