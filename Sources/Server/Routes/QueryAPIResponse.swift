// Success envelopes of the Prometheus-compatible read API written by `PrometheusJSONWriter`:
// `{"status":"success","data":...}` with `warnings` and `infos` only when there are some (as
// Prometheus's `omitempty`), query values in Prometheus's exact layout, and the query errors
// mapped to their HTTP statuses.
import HTTPTypes
import Hummingbird
import NIOCore
import PromQL
import WardenCore

enum QueryAPIResponse {
  /// Prometheus lists at most this many warnings (and infos), then says how many it left out.
  static let maxAnnotations = 10

  static func success(
    warnings: [String] = [], infos: [String] = [], data: (inout PrometheusJSONWriter) -> Void
  ) -> Response {
    response(successBody(warnings: warnings, infos: infos, data: data), status: .ok)
  }

  static func successBody(
    warnings: [String] = [], infos: [String] = [], data: (inout PrometheusJSONWriter) -> Void
  ) -> PrometheusJSONWriter {
    var writer = PrometheusJSONWriter(reservingCapacity: 1024)
    writer.raw(#"{"status":"success","data":"#)
    data(&writer)
    if !warnings.isEmpty {
      writer.raw(#","warnings":"#)
      writer.stringArray(warnings)
    }
    if !infos.isEmpty {
      writer.raw(#","infos":"#)
      writer.stringArray(infos)
    }
    writer.byte(UInt8(ascii: "}"))
    return writer
  }

  static func response(_ writer: PrometheusJSONWriter, status: HTTPResponse.Status) -> Response {
    Response(
      status: status, headers: [.contentType: "application/json"],
      body: .init(byteBuffer: ByteBuffer(bytes: writer.bytes)))
  }

  /// Annotations as the API lists them, capped as Prometheus caps them.
  static func annotationTexts(_ annotations: [Annotation], query: String) -> (warnings: [String], infos: [String]) {
    var warnings: [String] = []
    var infos: [String] = []
    var seen = Set<String>()
    var skippedWarnings = 0
    var skippedInfos = 0
    for annotation in annotations {
      let text = annotation.rendered(in: query)
      guard seen.insert(text).inserted else { continue }  // Prometheus keeps them in a set
      switch annotation.kind {
      case .warning:
        if warnings.count < maxAnnotations { warnings.append(text) } else { skippedWarnings += 1 }
      case .info:
        if infos.count < maxAnnotations { infos.append(text) } else { skippedInfos += 1 }
      }
    }
    if skippedWarnings > 0 { warnings.append("\(skippedWarnings) more warning annotations omitted") }
    if skippedInfos > 0 { infos.append("\(skippedInfos) more info annotations omitted") }
    return (warnings, infos)
  }

  /// `{"resultType":"...","result":...}` (and `stats` when asked for).
  static func writeQueryData(_ value: QueryValue, stats: QueryStats?, into writer: inout PrometheusJSONWriter) {
    writer.raw(#"{"resultType":""#)
    switch value {
    case .scalar: writer.raw("scalar")
    case .string: writer.raw("string")
    case .vector: writer.raw("vector")
    case .matrix: writer.raw("matrix")
    }
    writer.raw(#"","result":"#)
    writeValue(value, into: &writer)
    if let stats {
      writer.raw(#","stats":"#)
      stats.write(into: &writer)
    }
    writer.byte(UInt8(ascii: "}"))
  }

  static func writeValue(_ value: QueryValue, into writer: inout PrometheusJSONWriter) {
    switch value {
    case .scalar(let timestampMs, let number):
      // promql.Scalar marshals through encoding/json: time as a float, value always 'f'.
      writer.byte(UInt8(ascii: "["))
      writer.jsonSeconds(milliseconds: timestampMs)
      writer.raw(#",""#)
      writer.fixedFloat(number)
      writer.raw(#""]"#)
    case .string(let timestampMs, let text):
      writer.byte(UInt8(ascii: "["))
      writer.jsonSeconds(milliseconds: timestampMs)
      writer.byte(UInt8(ascii: ","))
      writer.string(text)
      writer.byte(UInt8(ascii: "]"))
    case .vector(let samples):
      writer.byte(UInt8(ascii: "["))
      for (index, sample) in samples.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.raw(#"{"metric":"#)
        writer.labels(sample.labels)
        writer.raw(#","value":"#)
        writer.point(timestampMs: sample.timestampMs, value: sample.value)
        writer.byte(UInt8(ascii: "}"))
      }
      writer.byte(UInt8(ascii: "]"))
    case .matrix(let series):
      writer.byte(UInt8(ascii: "["))
      for (index, one) in series.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.raw(#"{"metric":"#)
        writer.labels(one.labels)
        if !one.timestampsMs.isEmpty {
          writer.raw(#","values":["#)
          for pointIndex in one.timestampsMs.indices {
            if pointIndex > 0 { writer.byte(UInt8(ascii: ",")) }
            writer.point(timestampMs: one.timestampsMs[pointIndex], value: one.values[pointIndex])
          }
          writer.byte(UInt8(ascii: "]"))
        }
        writer.byte(UInt8(ascii: "}"))
      }
      writer.byte(UInt8(ascii: "]"))
    }
  }

  /// The HTTP status Prometheus gives each error type.
  static func status(errorType: String) -> HTTPResponse.Status {
    switch errorType {
    case "bad_data": .badRequest
    case "execution": .unprocessableContent
    case "canceled": HTTPResponse.Status(code: 499, reasonPhrase: "Client Closed Request")
    case "timeout", "unavailable": .serviceUnavailable
    case "not_found": .notFound
    default: .internalServerError
    }
  }

  static func error(_ error: QueryError, query: String) -> APIError {
    APIError(status: status(errorType: error.errorType), errorType: error.errorType, message: error.message(query: query))
  }
}

/// The `stats` object Prometheus adds when a query asks for it (`stats=1`, `stats=all`).
struct QueryStats {
  var evalSeconds: Double
  var queueSeconds: Double
  var samplesLoaded: Int

  func write(into writer: inout PrometheusJSONWriter) {
    writer.raw(#"{"timings":{"evalTotalTime":"#)
    writer.jsonNumber(evalSeconds)
    writer.raw(#","resultSortTime":0,"queryPreparationTime":0,"innerEvalTime":"#)
    writer.jsonNumber(evalSeconds)
    writer.raw(#","execQueueTime":"#)
    writer.jsonNumber(queueSeconds)
    writer.raw(#","execTotalTime":"#)
    writer.jsonNumber(evalSeconds + queueSeconds)
    writer.raw(#"},"samples":{"totalQueryableSamples":"#)
    writer.integer(samplesLoaded)
    writer.raw(#","peakSamples":"#)
    writer.integer(samplesLoaded)
    writer.raw("}}")
  }
}
