// label_replace, label_join and sort_by_label's natural order against functions.test.
import Testing
import WardenCore
@testable import PromQL

@Suite struct LabelFunctionTests {
  private let first = Labels(["__name__": "testmetric", "src": "source-value-10", "dst": "original-destination-value"])

  private func replace(_ labels: Labels, _ destination: String, _ replacement: String, _ source: String, _ regex: String) -> Labels? {
    switch Result(catching: { () throws(LabelFunctionError) -> Labels in
      try LabelFunctions.replace(labels, destination: destination, replacement: replacement, source: source, regex: regex)
    }) {
    case .success(let labels): labels
    case .failure: nil
    }
  }

  @Test func replaceMatchesTheWholeValue() {
    #expect(replace(first, "dst", "destination-value-$1", "src", "source-value-(.*)")?["dst"] == "destination-value-10")
    #expect(replace(first, "dst", "destination-value-$1", "src", "value-(.*)") == first)
    #expect(replace(first, "dst", "$1-value-$2", "src", "(.*)-value-(.*)")?["dst"] == "source-value-10")
    #expect(replace(first, "dst", "value-$1", "nonexistent-src", "source-value-(.*)") == first)
    #expect(replace(first, "dst", "value-$1", "nonexistent-src", "(.*)")?["dst"] == "value-")
    #expect(replace(first, "dst", "value-$1", "src", "non-matching-regex") == first)
    let dropped = replace(first, "dst", "", "dst", ".*")
    #expect(dropped == first.removing(["dst"]))
  }

  @Test func replaceTemplates() {
    let labels = Labels(["a": "foo-bar"])
    #expect(replace(labels, "b", "${1}x", "a", "(.*)-(.*)")?["b"] == "foox")
    #expect(replace(labels, "b", "$1x", "a", "(.*)-(.*)") == labels)  // "$1x" names group "1x": empty, no label
    #expect(replace(labels, "b", "$$1-$2", "a", "(.*)-(.*)")?["b"] == "$1-bar")
    #expect(replace(labels, "b", "${second}/$first", "a", "(?P<first>.*)-(?P<second>.*)")?["b"] == "bar/foo")
    #expect(replace(labels, "b", "$ and ${x", "a", ".*")?["b"] == "$ and ${x")
    #expect(replace(labels, "b", "[$3]", "a", "(.*)-(.*)")?["b"] == "[]")
    #expect(replace(labels, "b", "$01", "a", "(.*)-(.*)") == labels)  // leading zero: not a number
    #expect(replace(Labels(["a": "x\ny"]), "b", "$1", "a", "(.*)")?["b"] == "x\ny")
  }

  @Test func replaceErrors() {
    #expect(throws: LabelFunctionError(message: "invalid regular expression in label_replace(): (.*")) {
      try LabelFunctions.replace(first, destination: "dst", replacement: "value-$1", source: "src", regex: "(.*")
    }
    #expect(throws: LabelFunctionError(message: "invalid destination label name in label_replace(): \u{FFFD}")) {
      try LabelFunctions.replace(first, destination: "\u{FFFD}", replacement: "", source: "src", regex: "(.*)")
    }
    #expect(throws: LabelFunctionError(message: "invalid destination label name in label_replace(): ")) {
      try LabelFunctions.replace(first, destination: "", replacement: "", source: "src", regex: "(.*)")
    }
    for unsupported in ["(?=a)", "a(?!b)", "(?<=a)b", "(a)\\1", "a++", "(?>a)"] {
      #expect(replace(first, "dst", "", "src", unsupported) == nil, "\(unsupported)")
    }
    // UTF-8 label names are valid in Prometheus 3.
    #expect(replace(first, "dst.ünï", "x", "src", ".*")?["dst.ünï"] == "x")
  }

  @Test func join() throws {
    let labels = Labels(["src": "a", "src1": "b", "src2": "c", "dst": "original-destination-value"])
    #expect(try LabelFunctions.join(labels, destination: "dst", separator: "-", sources: ["src", "src1", "src2"])["dst"] == "a-b-c")
    #expect(try LabelFunctions.join(labels, destination: "dst", separator: "-", sources: ["src", "src3", "src1"])["dst"] == "a--b")
    #expect(
      try LabelFunctions.join(labels, destination: "dst", separator: "", sources: ["emptysrc", "emptysrc1"]) == labels.removing(["dst"]))
    #expect(try LabelFunctions.join(labels, destination: "dst", separator: ", ", sources: []) == labels.removing(["dst"]))
    #expect(throws: LabelFunctionError(message: "invalid source label name in label_join(): ")) {
      try LabelFunctions.join(labels, destination: "dst", separator: "", sources: [""])
    }
  }

  @Test func naturalOrder() {
    let cpus = ["100", "0", "21", "1", "10", "3", "2", "12", "11", "20"]
    #expect(cpus.sorted { NaturalOrder.compare($0, $1) < 0 } == ["0", "1", "2", "3", "10", "11", "12", "20", "21", "100"])
    #expect(["4m1000", "4m600", "4m5"].sorted { NaturalOrder.compare($0, $1) < 0 } == ["4m5", "4m600", "4m1000"])
    #expect(["1.111.3", "1.11.3", "1.2.3"].sorted { NaturalOrder.compare($0, $1) < 0 } == ["1.2.3", "1.11.3", "1.111.3"])
    #expect(NaturalOrder.compare("", "a") < 0 && NaturalOrder.compare("a", "") > 0 && NaturalOrder.compare("a", "a") == 0)
    #expect(NaturalOrder.compare("canary", "production") < 0)
    #expect(NaturalOrder.compare("a1", "a") > 0)
    #expect(NaturalOrder.compare("99999999999999999999", "100000000000000000000") > 0)  // too big: compared as text
  }

  @Test func sortByLabelFallsBackToTheWholeLabelSet() {
    let a = Labels(["group": "canary", "instance": "0", "job": "app-server"])
    let b = Labels(["group": "canary", "instance": "0", "job": "api-server"])
    let c = Labels(["group": "production", "instance": "0", "job": "api-server"])
    let sorted = [a, c, b].sorted { NaturalOrder.compare($0, $1, by: ["instance"]) < 0 }
    #expect(sorted == [b, a, c])
    #expect(NaturalOrder.compare(a, a, by: ["instance"]) == 0)
  }
}
