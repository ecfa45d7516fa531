// Seeded fuzzing: random templates assembled from real syntax, and byte-level mutations of valid
// ones, must parse or fail with a positioned error, and run to output or a TemplateError within
// small limits; never crash or hang.
import Testing
import WardenTesting
@testable import GoTemplate

@Suite("GoTemplate fuzzing")
struct TemplateFuzzTests {
  private static let fragments = [
    "{{", "}}", "{{-", "-}}", " ", "\n", "text", "{{.}}", "{{.A}}", "{{.A.B}}", "{{$}}", "{{$x := .}}", "{{$x}}", "{{$x = 1}}",
    "{{if .}}", "{{else}}", "{{else if .A}}", "{{end}}", "{{with .L}}", "{{else with .M}}", "{{range .L}}", "{{range $i, $e := .M}}",
    "{{range 3}}", "{{break}}", "{{continue}}", "{{define \"d\"}}", "{{template \"d\" .}}", "{{template \"r\" .}}", "{{block \"b\" .}}",
    "{{printf \"%d %s %v %5.2f %q %x\" 1 \"a\" . 1.5}}", "{{index .L 0}}", "{{slice .S 1 2}}", "{{len .}}", "{{eq . 1}}", "{{lt 1 2.5}}",
    "{{and . .A}}", "{{or .A 0}}", "{{not .}}", "{{html .S}}", "{{js .S}}", "{{urlquery .S}}", "{{print . 1}}", "{{println}}",
    "{{.Method 1}}", "{{call .Method 2}}", "{{/* c */}}", "(", ")", "|", "\"", "'", "`", "$", ".", ",", ":=", "=", "0x", "1e", "-",
    "{{(.A).B}}", "{{.L | len | printf \"%03d\"}}", "{{nil}}", "{{'x'}}", "{{0b1_0}}", "{{1.5e3}}", "{{.T.Format \"2006\"}}",
    "{{.D.Seconds}}", "{{else}}{{end}}", "{{end}}{{end}}",
  ]

  private static let data = TemplateData.map([
    "A": .map(["B": .string("b")]), "L": .list([.int(1), .string("two"), .float(3.5)]), "M": .map(["k": .int(1), "j": .null]),
    "S": .string("<s&'x'>"), "T": .time(1_795_255_200_000_000_000), "D": .duration(90_000_000_000),
    "Method": .object(TemplateObject(typeName: "F", methods: ["Method": TemplateMethod(arity: 0...2) { .list($0) }])),
  ])

  private static let definitions = #"{{define "r"}}{{template "r" .}}{{end}}"#

  private static var options: TemplateOptions {
    var options = TemplateOptions()
    options.maxSteps = 5_000
    options.maxOutputBytes = 20_000
    options.maxDepth = 20
    return options
  }

  /// Parses and runs one text; whatever happens must be an output or a TemplateError with a
  /// position when it is a parse error.
  private static func exercise(_ text: String) async -> Bool {
    var set = TemplateSet(options: options)
    do {
      try set.parse(Self.definitions, name: "defs")
      try set.parse(text, name: "fuzz")
    } catch {
      return error.line != nil || error.message.contains("exceeds the limit")
    }
    switch await TemplateRun.execute(set, "fuzz", data: data) {
    case .success(let output): return output.utf8.count <= options.maxOutputBytes
    case .failure(let error): return !error.message.isEmpty
    }
  }

  @Test("random templates from real syntax")
  func assembled() async {
    var generator = SeededGenerator(seed: 0x7E3A_11F0)
    var parsedAndRan = 0
    for _ in 0..<3_000 {
      let count = Int.random(in: 1...14, using: &generator)
      let text = (0..<count).map { _ in Self.fragments.randomElement(using: &generator)! }.joined()
      let ok = await Self.exercise(text)
      #expect(ok, "\(text)")
      if case .success = TemplateRun.parse(text) { parsedAndRan += 1 }
    }
    // The generator must reach execution often enough to mean something.
    #expect(parsedAndRan > 300)
  }

  @Test("byte mutations of valid templates")
  func mutated() async {
    let seeds = [
      #"{{range $i, $e := .L}}{{if $i}}, {{end}}{{printf "%v" $e}}{{else}}none{{end}}"#,
      #"{{with .A}}{{.B | printf "%q"}}{{else with .M}}{{index . "k"}}{{end}} {{- /* note */ -}} x"#,
      #"{{define "x"}}{{.}}{{end}}{{block "y" .S}}{{template "x" .}}{{end}}{{$v := 3}}{{$v = 4}}{{$v}}"#,
      "{{ .T.Format \"2006-01-02\" }} {{ .D }} {{ call .Method 1 2 | len }} {{ 0x1F }} {{ 'a' }} {{ `raw` }}",
    ]
    var generator = SeededGenerator(seed: 42)
    let alphabet = Array("{}()|$.,:=-\"'`/* \n\tabcxyz019_".utf8)
    for round in 0..<3_000 {
      var bytes = Array(seeds[round % seeds.count].utf8)
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let position = Int.random(in: 0..<bytes.count, using: &generator)
        switch Int.random(in: 0..<4, using: &generator) {
        case 0: bytes[position] = alphabet.randomElement(using: &generator)!
        case 1: bytes.insert(alphabet.randomElement(using: &generator)!, at: position)
        case 2: if bytes.count > 1 { bytes.remove(at: position) }
        default: bytes[position] = UInt8.random(in: 0...255, using: &generator)
        }
      }
      let text = String(decoding: bytes, as: UTF8.self)
      let ok = await Self.exercise(text)
      #expect(ok, "\(text)")
    }
  }
}
