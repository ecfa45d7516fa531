// Tunables of the embedded log store (the `storage.logs` config section maps onto these).

package struct LogStoreOptions: Sendable, Equatable {
  /// Records older than this (ns) are deleted; 0 keeps them forever.
  package var retentionNs: Int64 = 15 * 24 * 3600 * 1_000_000_000
  /// The oldest segments are deleted while the store takes more bytes than this; 0 for no limit.
  package var retentionBytes = 0

  package init() {}
}
