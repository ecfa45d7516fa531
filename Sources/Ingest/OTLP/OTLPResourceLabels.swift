// What a resource contributes to every series under it: `job` from service.namespace/service.name,
// `instance` from service.instance.id, and the rest of its attributes as the labels of a
// `target_info` series (value 1), the way the compatibility spec joins them back with PromQL.

package import WardenCore
package import WireFormats

package typealias OTLPResource = Opentelemetry_Proto_Resource_V1_Resource

/// The labels derived from one resource, computed once per `ResourceMetrics`.
package struct OTLPResourceLabels: Sendable {
  /// `job` and `instance` (when the resource has them), added to every series; they win over a
  /// data point attribute of the same name, as in Prometheus.
  package var identifying: [Label] = []
  /// The labels of `target_info` (without `__name__`), or nil when the resource has nothing
  /// beyond job and instance.
  package var targetInfo: [Label]?

  /// - Returns: the labels, or a problem description when an attribute value is too long.
  package static func make(_ resource: OTLPResource, maxLabelValueBytes: Int) -> Result<OTLPResourceLabels, OTLPPointProblem> {
    var serviceName = ""
    var serviceNamespace = ""
    var instance = ""
    var others: [OTLPKeyValue] = []
    for attribute in resource.attributes {
      switch attribute.key {
      case "service.name": serviceName = OTLPAttributes.text(attribute.value)
      case "service.namespace": serviceNamespace = OTLPAttributes.text(attribute.value)
      case "service.instance.id": instance = OTLPAttributes.text(attribute.value)
      default: others.append(attribute)
      }
    }
    var result = OTLPResourceLabels()
    let job = serviceNamespace.isEmpty ? serviceName : "\(serviceNamespace)/\(serviceName)"
    for value in [job, instance] where value.utf8.count > maxLabelValueBytes {
      return .failure(OTLPPointProblem(reason: "label_value_too_long", message: "resource job/instance value has \(value.utf8.count) bytes, more than the limit of \(maxLabelValueBytes)"))
    }
    if !serviceName.isEmpty { result.identifying.append(Label("job", job)) }
    if !instance.isEmpty { result.identifying.append(Label("instance", instance)) }
    if !others.isEmpty {
      var labels: [Label] = []
      if let problem = OTLPAttributes.appendLabels(others, to: &labels, maxLabelValueBytes: maxLabelValueBytes) {
        return .failure(OTLPPointProblem(reason: "label_value_too_long", message: "resource \(problem)"))
      }
      labels.append(contentsOf: result.identifying)
      result.targetInfo = labels
    }
    return .success(result)
  }
}

/// Why some data points were not turned into samples, for the response and the rejection counter.
package struct OTLPPointProblem: Error, Sendable {
  /// A short metric-label-safe reason ("invalid_histogram"), for `warden_ingest_samples_rejected_total`.
  package var reason: String
  /// What was wrong, for the sender.
  package var message: String

  package init(reason: String, message: String) {
    self.reason = reason
    self.message = message
  }
}
