// One conformance suite over every receiver kind, against real local services: what the service
// receives when it accepts; server errors and throttling retryable (and the retry delivers);
// refusals permanent; a service that never answers times out as retryable within the
// receiver's timeout; an unreachable one is retryable.
import Foundation
import Testing

@testable import Notify

@Suite struct ReceiverConformanceTests {
  /// Delivers the sample notification `attempts` times; `elapsed` is the time the deliveries took.
  static func deliver(_ receiverCase: ReceiverCase, _ scenario: ServiceScenario, attempts: Int = 1) async throws
    -> (outcomes: [DeliveryOutcome], delivered: Delivered, elapsed: Duration)
  {
    let fixture = try await receiverCase.start(scenario)
    let (outcomes, elapsed) = try await ReceiverHarness.withReceiver(fixture.yaml) { receiver in
      #expect(receiver.integration == receiverCase.integration)
      var outcomes: [DeliveryOutcome] = []
      let started = ContinuousClock.now
      for _ in 0..<attempts { outcomes.append(await receiver.deliver(SampleNotifications.group())) }
      return (outcomes, ContinuousClock.now - started)
    }
    return (outcomes, try fixture.delivered(), elapsed)
  }

  @Test(arguments: ReceiverCase.all)
  func deliversWhatTheServiceExpects(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, delivered, _) = try await Self.deliver(receiverCase, .accept)
    #expect(outcomes.first?.isDelivered == true, "\(outcomes)")
    #expect(delivered.count == receiverCase.deliveries)
    try receiverCase.check(delivered)
  }

  @Test(arguments: ReceiverCase.all)
  func serverErrorIsRetryableAndTheRetryDelivers(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, delivered, _) = try await Self.deliver(receiverCase, .failOnceThenAccept, attempts: 2)
    guard case .retryable(let reason)? = outcomes.first else { Issue.record("first attempt: \(outcomes)"); return }
    #expect(reason.contains("503") || reason.contains("451"), "\(reason)")
    #expect(outcomes.last?.isDelivered == true, "second attempt: \(outcomes)")
    switch delivered {
    case .requests(let requests):
      // The failed request, then one per delivery; a recipient already reached is not sent twice.
      #expect(requests.count == receiverCase.deliveries + 1)
      try receiverCase.check(.requests(Array(requests.dropFirst())))
    case .mails:
      #expect(delivered.count == receiverCase.deliveries)
      try receiverCase.check(delivered)
    }
  }

  @Test(arguments: ReceiverCase.all)
  func throttlingIsRetryable(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, _, _) = try await Self.deliver(receiverCase, .throttle)
    guard case .retryable(let reason)? = outcomes.first else { Issue.record("\(outcomes)"); return }
    #expect(reason.contains("429") || reason.contains("451"), "\(reason)")
  }

  @Test(arguments: ReceiverCase.all)
  func refusalIsPermanent(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, _, _) = try await Self.deliver(receiverCase, .refuse)
    guard case .permanent(let reason)? = outcomes.first else { Issue.record("\(outcomes)"); return }
    #expect(reason.contains("400") || reason.contains("550"), "\(reason)")
  }

  @Test(arguments: ReceiverCase.all)
  func hangingServiceTimesOutAsRetryable(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, _, elapsed) = try await Self.deliver(receiverCase, .hang)
    guard case .retryable(let reason)? = outcomes.first else { Issue.record("\(outcomes)"); return }
    #expect(reason.contains("time"), "\(reason)")
    // The configured timeout (1s, 3s for e-mail; per recipient for SMS) and some slack for a
    // loaded machine, far below what a hanging peer would cost.
    #expect(elapsed < .seconds(8), "took \(elapsed)")
  }

  @Test(arguments: ReceiverCase.all)
  func unreachableServiceIsRetryable(_ receiverCase: ReceiverCase) async throws {
    let (outcomes, _, _) = try await Self.deliver(receiverCase, .unreachable)
    guard case .retryable? = outcomes.first else { Issue.record("\(outcomes)"); return }
  }

  @Test(arguments: ReceiverCase.all)
  func sendResolvedDefaultsAsAlertmanagers(_ receiverCase: ReceiverCase) async throws {
    let fixture = try await receiverCase.start(.unreachable)
    try await ReceiverHarness.withReceiver(fixture.yaml) { receiver in
      #expect(receiver.sendResolved == receiverCase.sendResolvedByDefault)
    }
  }
}
