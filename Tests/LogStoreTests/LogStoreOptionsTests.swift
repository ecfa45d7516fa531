// Defaults of the log store's options.
import LogStore
import Testing

@Suite struct LogStoreOptionsTests {
  @Test func defaultRetentionIsFifteenDays() {
    #expect(LogStoreOptions().retentionNs == 15 * 24 * 3600 * 1_000_000_000)
  }
}
