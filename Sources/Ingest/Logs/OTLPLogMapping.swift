// OTLP log records to Loki's model, as Loki documents its native OTLP ingestion: a fixed list of
// resource attributes become stream labels (dots and other characters to `_`); everything else
// (other resource attributes, the instrumentation scope, log attributes, severity, trace and span
// ids, flags...) becomes structured metadata of each record; the body is the line (non-string
// bodies as text/JSON); the time is time_unix_nano, else observed_time_unix_nano, else the
// receive time. Both the protobuf and the JSON walk feed this one mapper.
import WardenCore

/// The fields of one LogRecord other than its body.
struct OTLPLogRecordFields {
  var timeUnixNano: UInt64 = 0
  var observedTimeUnixNano: UInt64 = 0
  var severityNumber: Int64 = 0
  var severityText = ""
  var attributes: [(key: String, value: OTLPLogValue)] = []
  var droppedAttributesCount: UInt64 = 0
  var flags: UInt64 = 0
  /// Lowercase hex, or empty.
  var traceID = ""
  var spanID = ""
  var eventName = ""

  mutating func reset() {
    self = OTLPLogRecordFields()
  }
}

/// Builds the batch of one OTLP logs request, resource by resource and scope by scope.
struct OTLPLogMapper {
  /// Resource attributes Loki indexes as stream labels by default.
  static let indexAttributes: Set<String> = [
    "cloud.availability_zone", "cloud.region", "container.name", "deployment.environment",
    "k8s.cluster.name", "k8s.container.name", "k8s.cronjob.name",
    "k8s.daemonset.name", "k8s.deployment.name", "k8s.job.name", "k8s.namespace.name", "k8s.pod.name",
    "k8s.replicaset.name", "k8s.statefulset.name", "service.instance.id", "service.name", "service.namespace",
  ]

  let limits: LogIngestLimits
  let receivedAtNs: Int64
  var batch = LogBatch()
  var rejected = 0
  var problems: [String] = []

  /// The current resource's stream ordinal, or nil when its labels were rejected.
  private var stream: Int32?
  private var resourceProblem: String?
  private var resourceMetadata: [LogField] = []
  private var scopeMetadata: [LogField] = []
  private var fields: [LogField] = []

  init(limits: LogIngestLimits, receivedAtNs: Int64) {
    self.limits = limits
    self.receivedAtNs = receivedAtNs
  }

  mutating func beginResource(attributes: [(key: String, value: OTLPLogValue)], droppedAttributesCount: UInt64) throws(LogIngestError) {
    var labels: [Label] = []
    resourceMetadata.removeAll()
    for attribute in attributes {
      if Self.indexAttributes.contains(attribute.key) {
        labels.append(Label(OTLPLogNames.sanitize(attribute.key), attribute.value.text))
      } else {
        attribute.value.flatten(into: &resourceMetadata, name: OTLPLogNames.sanitize(attribute.key))
      }
    }
    if droppedAttributesCount > 0 {
      resourceMetadata.append(LogField("resource_dropped_attributes_count", String(droppedAttributesCount)))
    }
    if !labels.contains(where: { $0.name == "service_name" && !$0.value.isEmpty }) {
      // Loki's name for a resource that does not say which service it is.
      labels.removeAll { $0.name == "service_name" }
      labels.append(Label("service_name", "unknown_service"))
    }
    stream = nil
    resourceProblem = nil
    do {
      let checked = try LokiStreamLabels.check(Labels(labels).pairs, limits: limits)
      stream = batch.stream(checked)
    } catch {
      resourceProblem = "resource labels rejected: \(error.message)"
    }
    guard batch.streams.count <= limits.maxStreams else {
      throw .tooLarge("the request has more than \(limits.maxStreams) streams")
    }
  }

  mutating func beginScope(name: String, version: String, attributes: [(key: String, value: OTLPLogValue)], droppedAttributesCount: UInt64) {
    scopeMetadata.removeAll()
    if !name.isEmpty { scopeMetadata.append(LogField("scope_name", name)) }
    if !version.isEmpty { scopeMetadata.append(LogField("scope_version", version)) }
    for attribute in attributes {
      attribute.value.flatten(into: &scopeMetadata, name: OTLPLogNames.sanitize(attribute.key))
    }
    if droppedAttributesCount > 0 {
      scopeMetadata.append(LogField("scope_dropped_attributes_count", String(droppedAttributesCount)))
    }
  }

  /// Adds one record (or counts it rejected, with the reason kept for the response).
  /// - Throws: 413 past the request's entry limit.
  mutating func append(_ record: OTLPLogRecordFields, line: some Collection<UInt8>) throws(LogIngestError) {
    guard batch.count + rejected < limits.maxEntries else {
      throw .tooLarge("the request has more than \(limits.maxEntries) log records")
    }
    guard let stream else {
      reject(resourceProblem ?? "resource rejected")
      return
    }
    var timestamp = record.timeUnixNano
    var usedObserved = false
    if timestamp == 0 {
      timestamp = record.observedTimeUnixNano
      usedObserved = true
    }
    guard timestamp <= UInt64(Int64.max) else {
      reject("log record time \(timestamp) is out of range")
      return
    }
    fields.removeAll(keepingCapacity: true)
    fields.append(contentsOf: resourceMetadata)
    fields.append(contentsOf: scopeMetadata)
    for attribute in record.attributes {
      attribute.value.flatten(into: &fields, name: OTLPLogNames.sanitize(attribute.key))
    }
    if !record.severityText.isEmpty { fields.append(LogField("severity_text", record.severityText)) }
    if record.severityNumber != 0 { fields.append(LogField("severity_number", String(record.severityNumber))) }
    if !record.traceID.isEmpty { fields.append(LogField("trace_id", record.traceID)) }
    if !record.spanID.isEmpty { fields.append(LogField("span_id", record.spanID)) }
    if record.flags != 0 { fields.append(LogField("flags", String(record.flags))) }
    if !usedObserved && record.observedTimeUnixNano != 0 {
      fields.append(LogField("observed_timestamp", String(record.observedTimeUnixNano)))
    }
    if record.droppedAttributesCount > 0 { fields.append(LogField("dropped_attributes_count", String(record.droppedAttributesCount))) }
    if !record.eventName.isEmpty { fields.append(LogField("event_name", record.eventName)) }
    guard fields.count <= limits.maxMetadataPerEntry else {
      reject("a log record has \(fields.count) structured metadata fields, more than the limit of \(limits.maxMetadataPerEntry)")
      return
    }
    batch.append(stream: stream, timestampNs: timestamp == 0 ? receivedAtNs : Int64(timestamp), line: line, metadata: fields)
  }

  private mutating func reject(_ problem: String) {
    rejected += 1
    if problems.count < 5 && !problems.contains(problem) { problems.append(problem) }
  }

  var result: OTLPLogsDecodeResult {
    OTLPLogsDecodeResult(batch: batch, rejectedLogRecords: rejected, errorMessage: problems.joined(separator: "; "))
  }
}
