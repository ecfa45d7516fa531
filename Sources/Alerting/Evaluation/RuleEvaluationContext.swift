// What every group evaluation shares: the query runner, where results and alerts go, the
// catalog, the options, and what is derived from them once (template functions, external
// labels as template data and as an overlay for sent alerts).
import Catalog
import GoTemplate
import Logging
import WardenCore

final class RuleEvaluationContext: Sendable {
  let runner: RuleQueryRunner
  let writer: any RuleSampleWriter
  let sender: any AlertSender
  let catalog: CatalogDatabase?
  let options: RuleManagerOptions
  let logger: Logger
  let templateFunctions: AlertTemplateFunctions
  /// `$externalLabels`.
  let externalLabelsData: TemplateData
  /// External labels added to sent alerts where the alert lacks them, as Prometheus's notifier does.
  let externalLabels: LabelOverlay
  let resendDelayMs: Int64
  let resolvedRetentionMs: Int64

  init(
    runner: RuleQueryRunner, writer: any RuleSampleWriter, sender: any AlertSender, catalog: CatalogDatabase?,
    options: RuleManagerOptions, logger: Logger
  ) {
    self.runner = runner
    self.writer = writer
    self.sender = sender
    self.catalog = catalog
    self.options = options
    self.logger = logger
    templateFunctions = AlertTemplateFunctions(externalURL: options.externalURL)
    externalLabelsData = AlertTemplateData.labelMap(options.externalLabels)
    externalLabels = LabelOverlay(options.externalLabels.pairs, addingOnlyAbsent: true)
    resendDelayMs = max(1, options.resendDelay.milliseconds)
    resolvedRetentionMs = options.resolvedRetention.milliseconds
  }

  /// The alert as the sender gets it: external labels added, valid until it is re-sent or
  /// ended at its resolution.
  func sentAlert(_ alert: RuleAlert, generatorURL: String) -> Alert {
    Alert(
      labels: externalLabels.apply(to: alert.labels), annotations: alert.annotations, startsAtMs: alert.firedAtMs,
      endsAtMs: alert.resolvedAtMs != 0 ? alert.resolvedAtMs : alert.validUntilMs, generatorURL: generatorURL)
  }

  /// Stores one evaluation's history events and state changes; failures are logged, never
  /// rule errors (the alerts themselves went out).
  func store(_ changes: CatalogChanges) async {
    guard let catalog, !changes.isEmpty else { return }
    do {
      try await catalog.recordAlertEvents(changes.events)
      try await catalog.updateRuleAlertStates(upserts: changes.upserts, deletions: changes.deletions)
    } catch {
      logger.warning("cannot store alert states", metadata: ["error": "\(error)"])
    }
  }
}
