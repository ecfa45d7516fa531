// How the metric store's errors reach HTTP clients: a full disk is 507 Insufficient Storage (the
// client should retry later; reads keep working), a closed store 503, corruption and I/O 500.
// Every route that writes to the store maps its errors through here.
import HTTPTypes
import MetricStore

extension APIError {
  init(_ error: StoreError, doing action: String) {
    switch error.code {
    case .outOfSpace:
      self.init(status: .init(code: 507, reasonPhrase: "Insufficient Storage"), errorType: "unavailable", message: "cannot \(action): \(error)")
    case .closed:
      self.init(status: .serviceUnavailable, errorType: "unavailable", message: "cannot \(action): \(error)")
    case .limit:
      self.init(status: .tooManyRequests, errorType: "bad_data", message: "cannot \(action): \(error)")
    default:
      self.init(status: .internalServerError, errorType: "internal", message: "cannot \(action): \(error)")
    }
  }
}
