// The Loki HTTP API's JSON answers, written by `PrometheusJSONWriter`: `streams` results as
// `{"stream":{...},"values":[["<ns>","<line>"]...]}`, metric results in Prometheus's matrix,
// vector and scalar layouts, and the `stats` object Grafana reads (`summary`, `querier`,
// `ingester`), inside `{"status":"success","data":{...}}`.
import Hummingbird
import LogQL
import PromQL
import WardenCore

enum LokiResponse {
  /// `{"status":"success","data":{"resultType":...,"result":...,"stats":...}}` for a query.
  static func query(_ result: LogQLResult) -> Response {
    QueryAPIResponse.success(warnings: result.warnings) { writer in
      writer.raw(#"{"resultType":"#)
      switch result.value {
      case .streams(let streams):
        writer.raw(#""streams","result":["#)
        for (index, stream) in streams.enumerated() {
          if index > 0 { writer.byte(UInt8(ascii: ",")) }
          writeStream(stream.labels, stream.entries, into: &writer)
        }
        writer.byte(UInt8(ascii: "]"))
      case .matrix(let series):
        writer.raw(#""matrix","result":"#)
        QueryAPIResponse.writeValue(.matrix(series), into: &writer)
      case .vector(let samples):
        writer.raw(#""vector","result":"#)
        QueryAPIResponse.writeValue(.vector(samples), into: &writer)
      case .scalar(let timestampMs, let value):
        writer.raw(#""scalar","result":"#)
        QueryAPIResponse.writeValue(.scalar(timestampMs: timestampMs, value: value), into: &writer)
      }
      writer.raw(#","stats":"#)
      writeStatistics(result.statistics, into: &writer)
      writer.byte(UInt8(ascii: "}"))
    }
  }

  /// `{"stream":{labels},"values":[["<ns>","<line>"],...]}`.
  static func writeStream(_ labels: Labels, _ entries: [LogEntry], into writer: inout PrometheusJSONWriter) {
    writer.raw(#"{"stream":"#)
    writer.labels(labels)
    writer.raw(#","values":["#)
    for (index, entry) in entries.enumerated() {
      if index > 0 { writer.byte(UInt8(ascii: ",")) }
      writer.raw("[\"")
      writer.integer(Int(entry.timestampNs))
      writer.raw("\",")
      writer.string(entry.line)
      writer.byte(UInt8(ascii: "]"))
    }
    writer.raw("]}")
  }

  /// Loki's statistics object; what Warden does not measure (caches, ingester fan-out) is zero.
  static func writeStatistics(_ statistics: LogQLStatistics, into writer: inout PrometheusJSONWriter) {
    writer.raw(#"{"summary":{"bytesProcessedPerSecond":"#)
    writer.integer(statistics.bytesProcessedPerSecond)
    writer.raw(#","linesProcessedPerSecond":"#)
    writer.integer(statistics.linesProcessedPerSecond)
    writer.raw(#","totalBytesProcessed":"#)
    writer.integer(statistics.bytesProcessed)
    writer.raw(#","totalLinesProcessed":"#)
    writer.integer(statistics.linesProcessed)
    writer.raw(#","execTime":"#)
    writer.jsonNumber(statistics.execTimeSeconds)
    writer.raw(#","queueTime":"#)
    writer.jsonNumber(statistics.queueTimeSeconds)
    writer.raw(#","subqueries":0,"totalEntriesReturned":"#)
    writer.integer(statistics.entriesReturned)
    writer.raw(#","splits":0,"shards":0,"totalPostFilterLines":0,"totalStructuredMetadataBytesProcessed":0}"#)
    writer.raw(#","querier":{"store":{"totalChunksRef":0,"totalChunksDownloaded":0,"chunksDownloadTime":0,"#)
    writer.raw(#""queryReferencedStructuredMetadata":false,"chunk":{"headChunkBytes":0,"headChunkLines":0,"#)
    writer.raw(#""decompressedBytes":"#)
    writer.integer(statistics.bytesProcessed)
    writer.raw(#","decompressedLines":"#)
    writer.integer(statistics.linesProcessed)
    writer.raw(#","compressedBytes":0,"totalDuplicates":0,"postFilterLines":0,"headChunkStructuredMetadataBytes":0,"#)
    writer.raw(#""decompressedStructuredMetadataBytes":0}}}"#)
    writer.raw(#","ingester":{"totalReached":0,"totalChunksMatched":0,"totalBatches":0,"totalLinesSent":0,"#)
    writer.raw(#""store":{"totalChunksRef":0,"totalChunksDownloaded":0,"chunksDownloadTime":0,"#)
    writer.raw(#""queryReferencedStructuredMetadata":false,"chunk":{"headChunkBytes":0,"headChunkLines":0,"#)
    writer.raw(#""decompressedBytes":0,"decompressedLines":0,"compressedBytes":0,"totalDuplicates":0,"postFilterLines":0,"#)
    writer.raw(#""headChunkStructuredMetadataBytes":0,"decompressedStructuredMetadataBytes":0}}}}"#)
  }

  /// `{"status":"success","data":["a","b"]}`.
  static func strings(_ values: [String]) -> Response {
    QueryAPIResponse.success { writer in writer.stringArray(values) }
  }

  /// `{"status":"success","data":[{labels},...]}`.
  static func series(_ labelSets: [Labels]) -> Response {
    QueryAPIResponse.success { writer in
      writer.byte(UInt8(ascii: "["))
      for (index, labels) in labelSets.enumerated() {
        if index > 0 { writer.byte(UInt8(ascii: ",")) }
        writer.labels(labels)
      }
      writer.byte(UInt8(ascii: "]"))
    }
  }

  /// `{"streams":1,"chunks":2,"bytes":3,"entries":4}` (index/stats has no envelope).
  static func indexStats(_ stats: LogIndexStats) -> Response {
    var writer = PrometheusJSONWriter()
    writer.raw(#"{"streams":"#)
    writer.integer(stats.streams)
    writer.raw(#","chunks":"#)
    writer.integer(stats.chunks)
    writer.raw(#","bytes":"#)
    writer.integer(stats.bytes)
    writer.raw(#","entries":"#)
    writer.integer(stats.entries)
    writer.byte(UInt8(ascii: "}"))
    return QueryAPIResponse.response(writer, status: .ok)
  }
}
