// `POST /api/v1/alerts/test-receiver?receiver=NAME` (behind `warden alerts test-receiver`): sends
// one test notification through every integration of a configured receiver and answers each
// delivery's outcome, so an operator checks SMTP credentials or a webhook URL before an
// incident does.
import Hummingbird
import Notify

struct TestReceiverRoutes {
  let notifier: AlertNotifierSlot

  struct Result: Encodable {
    let integration: String
    let index: Int
    let delivered: Bool
    let attempts: Int
    let durationMs: Int64
    let detail: String
  }

  struct Payload: Encodable {
    let receiver: String
    let results: [Result]
  }

  func register(on router: Router<some RequestContext>) {
    router.post("/api/v1/alerts/test-receiver") { request, _ in
      guard let name = request.uri.queryParameters.get("receiver"), !name.isEmpty else {
        throw APIError.badData("missing parameter \"receiver\": the name of a configured receiver")
      }
      guard let notifier = notifier.notifier else { throw APIError.unavailable("the notifier is not running") }
      let receiver = String(name)
      guard notifier.receiverNames.contains(receiver) else {
        throw APIError.badData(
          "unknown receiver \"\(receiver)\"; configured: \(notifier.receiverNames.map { "\"\($0)\"" }.joined(separator: ", "))")
      }
      let summaries = await notifier.testReceiver(receiver)
      let results = summaries.map { summary -> Result in
        let detail: String
        switch summary.outcome {
        case .delivered(let text): detail = text
        case .retryable(let reason): detail = reason
        case .permanent(let reason): detail = reason
        }
        return Result(
          integration: summary.integration, index: summary.integrationIndex, delivered: summary.outcome.isDelivered, attempts: 1,
          durationMs: summary.durationMs, detail: detail)
      }
      return JSONBody.success(Payload(receiver: receiver, results: results))
    }
  }
}
