"""The dashboards UI's pure modules, exercised in the real browser (no Node on the test machines):
variable substitution ($var, ${var}, [[var]], ${var:format}, multi-value and All, $__interval,
$__rate_interval, $__range), variable query parsing, safe Markdown (HTML escaped, javascript:
links dropped), Grafana's nested collapsed rows laid out, and where pasted JSON breaks."""
from wardenbrowser import run

SCRIPT = """
const done = arguments[arguments.length - 1];
Promise.all([
  import('/ui/js/dashboards/interpolate.js'),
  import('/ui/js/dashboards/variable-options.js'),
  import('/ui/js/dashboards/markdown.js'),
  import('/ui/js/dashboards/layout.js'),
  import('/ui/js/dashboards/json-text.js'),
  import('/ui/js/dashboards/timepicker.js'),
]).then(([ip, vo, md, layout, json, tp]) => {
  const vars = [
    {name: 'instance', multi: true, current: ['a:9100', 'b.example:9100']},
    {name: 'job', current: 'node'},
    {name: 'mode', multi: true, includeAll: true, current: ['$__all'], options: ['user', 'system']},
    {name: 'any', includeAll: true, current: '$__all', allValue: '.*'},
    {name: 'res', type: 'interval', values: ['auto', '1m'], current: 'auto'},
  ];
  const scope = ip.scopeFor(vars, ip.builtins({start: 0, end: 3600, step: 30}));
  const text = (s) => ip.interpolate(s, scope, {textFormat: true});
  const q = (s) => ip.interpolate(s, scope);
  const panels = layout.normalizePanels([
    {id: 1, type: 'stat', gridPos: {x: 0, y: 0, w: 6, h: 4}},
    {id: 2, type: 'row', collapsed: true, gridPos: {x: 0, y: 4, w: 24, h: 1},
     panels: [{id: 3, type: 'table', gridPos: {x: 0, y: 5, w: 24, h: 8}}]},
    {id: 4, type: 'row', gridPos: {x: 0, y: 5, w: 24, h: 1}},
    {id: 5, type: 'timeseries', gridPos: {x: 0, y: 6, w: 12, h: 8}},
  ]);
  const shown = layout.displayLayout(panels);
  const bad = (() => { try { json.parseJSON('{\\n  "a": 1,\\n}'); return null; } catch (e) { return e.message; } })();
  done({
    regex: q('up{instance=~"$instance", job="${job}"}'),
    brackets: q('[[job]]/${instance:csv}/${instance:pipe}/${job:json}'),
    all: q('x{mode=~"$mode"}'), allValue: q('x{i=~"$any"}'),
    builtins: q('rate(x[$__rate_interval]) $__interval $__range $__range_s'),
    unknown: q('$nope ${nope} $jobs'),
    title: text('CPU $mode on $instance'),
    labelValues: vo.parseVariableQuery('label_values(node_uname_info{job="$job", x="1"}, instance)'),
    labelOnly: vo.parseVariableQuery('label_values(job)'),
    queryResult: vo.parseVariableQuery('query_result(topk(3, up))'),
    markdown: md.renderMarkdown('# T\\n**b** <script>alert(1)</script> [x](javascript:alert(1)) [ok](https://example.com)'),
    order: panels.map((p) => p.id),
    tableY: panels.find((p) => p.id === 3).gridPos.y,
    nextRowY: panels.find((p) => p.id === 4).gridPos.y,
    hidden: panels.filter((p) => shown.get(p).hidden).map((p) => p.id),
    liftedY: shown.get(panels.find((p) => p.id === 5)).y,
    badJSON: bad,
    auto: q('[$res]'),
    today: tp.resolveExpr('now/d') === new Date(new Date().setHours(0, 0, 0, 0)).getTime() / 1000,
    todayEnd: Math.round(tp.resolveExpr('now/d', true) - tp.resolveExpr('now/d')),
    yesterday: Math.round(tp.resolveExpr('now/d') - tp.resolveExpr('now-1d/d')),
  });
}, (error) => done({error: String(error)}));
"""


def scenario(s):
    s.open("/dashboards")
    r = s.driver.execute_async_script(SCRIPT)
    s.check("the modules load", "error" not in r, r.get("error"))
    if "error" in r:
        return
    s.check("multi values become a regex alternation, escaped", r["regex"] == 'up{instance=~"a:9100|b\\.example:9100", job="node"}', r["regex"])
    s.check("[[var]] and ${var:format} forms", r["brackets"] == 'node/a:9100,b.example:9100/a:9100|b.example:9100/"node"', r["brackets"])
    s.check("All stands for every option", r["all"] == 'x{mode=~"user|system"}', r["all"])
    s.check("All with a custom all value inserts it as is", r["allValue"] == 'x{i=~".*"}', r["allValue"])
    s.check("$__rate_interval is max(4 x 15s, interval); $__interval and $__range", r["builtins"] == "rate(x[1m]) 30s 1h 3600", r["builtins"])
    s.check("unknown variables stay as written", r["unknown"] == "$nope ${nope} $jobs", r["unknown"])
    s.check("titles read multi values as a + b", r["title"] == "CPU user + system on a:9100 + b.example:9100", r["title"])
    s.check("label_values(metric{...}, label) parses", r["labelValues"] == {"kind": "label_values", "match": 'node_uname_info{job="$job", x="1"}', "label": "instance"}, r["labelValues"])
    s.check("label_values(label) parses", r["labelOnly"] == {"kind": "label_values", "match": None, "label": "job"}, r["labelOnly"])
    s.check("query_result(expr) parses", r["queryResult"] == {"kind": "query_result", "expr": "topk(3, up)"}, r["queryResult"])
    html = r["markdown"]
    s.check("Markdown escapes HTML", "<script>" not in html and "&lt;script&gt;" in html, html)
    s.check("Markdown drops javascript: links and keeps https ones", "javascript:" not in html and "x " in html, html)
    s.check("Markdown renders headings, bold and safe links", "<h3>T</h3>" in html and "<strong>b</strong>" in html and 'href="https://example.com"' in html, html)
    s.check("a collapsed Grafana row's nested panels come right after it", r["order"] == [1, 2, 3, 4, 5], r["order"])
    s.check("nested panels are placed under their row and the rest moves down", r["tableY"] == 5 and r["nextRowY"] == 13, r)
    s.check("panels under a collapsed row are hidden", r["hidden"] == [3], r["hidden"])
    s.check("panels below a collapsed row move up", r["liftedY"] == 6, r["liftedY"])
    s.check("an interval variable on auto follows $__interval", r["auto"] == "[30s]", r["auto"])
    s.check("now/d is the start of today, and its end a day later", r["today"] and r["todayEnd"] in (86400, 82800, 90000), r)
    s.check("now-1d/d is the start of yesterday", r["yesterday"] in (86400, 82800, 90000), r["yesterday"])
    s.check("bad JSON is reported with its line and column", r["badJSON"] and "line 3, column 1" in r["badJSON"], r["badJSON"])


run(scenario)
