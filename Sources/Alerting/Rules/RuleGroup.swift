// A rule group as loaded and validated from a rule file: its schedule, its limit and its rules
// with expressions parsed and templates compiled once, ready to evaluate. Prometheus's rule file
// format (and Loki's ruler format, the same shape with LogQL expressions).
package import LogQL
package import PromQL
package import WardenCore

/// Which query language a rule file's expressions are written in.
package enum RuleLanguage: String, Sendable, Hashable {
  /// Files under `rule_files`: PromQL over the metric store.
  case promQL = "promql"
  /// Files under `log_rule_files` (Loki ruler format): LogQL metric queries over the log store.
  case logQL = "logql"
}

/// A parsed rule expression.
package enum RuleQuery: Sendable, Equatable {
  case promQL(Expr)
  case logQL(MetricExpr)

  /// The expression as Prometheus (or Loki) prints it, for `/api/v1/rules`.
  package var canonicalText: String {
    switch self {
    case .promQL(let expr): expr.description
    case .logQL(let expr): LogQLPrinter.format(expr)
    }
  }
}

/// One group of rules, evaluated together on one interval.
package struct RuleGroup: Sendable {
  package var name: String
  /// The rule file the group came from (as expanded from the glob).
  package var file: String
  package var language: RuleLanguage
  /// nil: the manager's default evaluation interval.
  package var intervalMs: Int64?
  /// Most alerts an alerting rule, or series a recording rule, may produce; 0 is no limit.
  package var limit: Int
  /// How far in the past queries are evaluated; nil: the manager's default.
  package var queryOffsetMs: Int64?
  /// Group labels (Prometheus 3), added to every rule's labels unless the rule sets the name.
  package var labels: Labels
  package var rules: [Rule]

  package init(
    name: String, file: String, language: RuleLanguage = .promQL, intervalMs: Int64? = nil, limit: Int = 0,
    queryOffsetMs: Int64? = nil, labels: Labels = Labels(), rules: [Rule]
  ) {
    self.name = name
    self.file = file
    self.language = language
    self.intervalMs = intervalMs
    self.limit = limit
    self.queryOffsetMs = queryOffsetMs
    self.labels = labels
    self.rules = rules
  }

  /// Whether `other` is the same group with the same definition, so a reload can keep this
  /// group running as it is.
  package func hasSameDefinition(as other: RuleGroup) -> Bool {
    name == other.name && file == other.file && language == other.language && intervalMs == other.intervalMs
      && limit == other.limit && queryOffsetMs == other.queryOffsetMs && labels == other.labels
      && rules.map(\.definition) == other.rules.map(\.definition)
  }
}

/// One recording or alerting rule.
package struct Rule: Sendable {
  package enum Kind: String, Sendable, Hashable {
    case recording, alerting
  }

  package var kind: Kind
  /// The `record` or `alert` name.
  package var name: String
  /// The expression as written in the file.
  package var exprText: String
  package var query: RuleQuery
  /// `for`: how long an alert stays pending before it fires.
  package var holdMs: Int64
  package var keepFiringForMs: Int64
  /// The rule's labels with the group's labels merged in (the rule's win), as written (alerting
  /// rule label values may be templates).
  package var labels: Labels
  /// Annotations as written (templates).
  package var annotations: Labels
  /// The label values compiled as templates (alerting rules), in `labels` order.
  package var labelTemplates: [RuleTemplate]
  /// The annotation values compiled as templates, in `annotations` order.
  package var annotationTemplates: [RuleTemplate]

  package init(
    kind: Kind, name: String, exprText: String, query: RuleQuery, holdMs: Int64 = 0, keepFiringForMs: Int64 = 0,
    labels: Labels = Labels(), annotations: Labels = Labels(), labelTemplates: [RuleTemplate] = [],
    annotationTemplates: [RuleTemplate] = []
  ) {
    self.kind = kind
    self.name = name
    self.exprText = exprText
    self.query = query
    self.holdMs = holdMs
    self.keepFiringForMs = keepFiringForMs
    self.labels = labels
    self.annotations = annotations
    self.labelTemplates = labelTemplates
    self.annotationTemplates = annotationTemplates
  }

  /// What the rule file says about this rule, for comparing definitions across reloads.
  package var definition: RuleDefinition {
    RuleDefinition(
      kind: kind, name: name, exprText: exprText, holdMs: holdMs, keepFiringForMs: keepFiringForMs, labels: labels,
      annotations: annotations)
  }

  /// Whether any label or annotation template calls `query` (so evaluating it reads the store).
  package var templatesQuery: Bool {
    (labelTemplates + annotationTemplates).contains { $0.callsQuery }
  }
}

/// The written form of a rule, comparable across reloads.
package struct RuleDefinition: Sendable, Hashable {
  package var kind: Rule.Kind
  package var name: String
  package var exprText: String
  package var holdMs: Int64
  package var keepFiringForMs: Int64
  package var labels: Labels
  package var annotations: Labels
}
