// Store errors become the HTTP statuses clients act on: 507 for a full disk, 503 when closed.
import HTTPTypes
import MetricStore
@testable import Server
import Testing

struct StoreErrorHTTPTests {
  @Test(arguments: [
    (StoreError.Code.outOfSpace, 507), (.closed, 503), (.limit, 429), (.corrupt, 500), (.io, 500),
  ])
  func mapsToStatus(code: StoreError.Code, status: Int) {
    let error = APIError(StoreError(code, "cannot write WAL segment 00000003: No space left on device"), doing: "store samples")
    #expect(error.status.code == status)
    #expect(error.message.hasPrefix("cannot store samples: cannot write WAL segment"))
  }
}
