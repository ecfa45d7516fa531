// Warden's default notification templates, written for Warden: for every receiver a subject and
// a body saying what fired, where (instance, job), since when, the value when an annotation
// carries it, the runbook (`runbook_url`) and a link that opens a silence for the alert. They use
// Alertmanager's template names ("email.default.subject", "slack.default.text"...), so an
// operator's file that defines one of those names replaces it, as in Alertmanager.

enum DefaultNotificationTemplates {
  static let fileName = "warden-default.tmpl"

  static let text = #"""
    {{ define "__alertmanager" }}Warden{{ end }}
    {{ define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts{{ end }}
    {{ define "__warden_time" }}{{ . | date "2006-01-02 15:04:05 MST" }}{{ end }}

    {{/* "[FIRING:2] HighLatency (job=api, env=prod)": status, count, and what the group is. */}}
    {{ define "__warden_subject" -}}
    [{{ .Status | toUpper }}{{ if eq .Status "firing" }}:{{ .Alerts.Firing | len }}{{ end }}] {{ template "__warden_group" . }}
    {{- end }}
    {{ define "__subject" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "__description" }}{{ end }}

    {{ define "__warden_group" -}}
    {{ with .CommonLabels.alertname }}{{ . }}{{ else }}{{ .Alerts | len }} alerts{{ end }}
    {{- with .GroupLabels.Remove (stringSlice "alertname") }} ({{ range $i, $pair := .SortedPairs }}{{ if $i }}, {{ end }}{{ $pair.Name }}={{ $pair.Value }}{{ end }}){{ end }}
    {{- end }}

    {{/* Where an alert is: its instance and job. */}}
    {{ define "__warden_where" -}}
    {{ with .Labels.instance }}{{ . }}{{ with $.Labels.job }} (job {{ . }}){{ end }}{{ else }}{{ with .Labels.job }}job {{ . }}{{ end }}{{ end }}
    {{- end }}

    {{/* One line per alert, for short messages. */}}
    {{ define "__warden_alert_line" -}}
    {{ .Labels.alertname }}{{ with .Labels.instance }} on {{ . }}{{ end }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
    {{- end }}

    {{/* An alert in plain text: what, where, since when, value, labels and links. */}}
    {{ define "__warden_alert_text" -}}
    {{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }} {{ .Labels.alertname }}{{ with .Annotations.summary }}: {{ . }}{{ end }}
    {{- with .Annotations.description }}
      {{ . }}{{ end }}
    {{- if or .Labels.instance .Labels.job }}
      Where: {{ template "__warden_where" . }}{{ end }}
      Since: {{ template "__warden_time" .StartsAt }}{{ if eq .Status "firing" }} (for {{ since .StartsAt | humanizeDuration }}){{ else }}{{ with .EndsAt }}, resolved {{ template "__warden_time" . }}{{ end }}{{ end }}
    {{- with .Annotations.value }}
      Value: {{ . }}{{ end }}
      Labels: {{ range $i, $pair := .Labels.SortedPairs }}{{ if $i }}, {{ end }}{{ $pair.Name }}={{ $pair.Value }}{{ end }}
    {{- with .Annotations.runbook_url }}
      Runbook: {{ . }}{{ end }}
    {{- with .GeneratorURL }}
      Source: {{ . }}{{ end }}
      Silence: {{ .SilenceURL }}
    {{ end }}

    {{ define "__text_alert_list" }}{{ range . }}{{ template "__warden_alert_text" . }}{{ end }}{{ end }}

    {{/* A whole group in plain text: firing alerts first, then resolved ones. */}}
    {{ define "__warden_text" -}}
    {{ template "__warden_subject" . }}
    {{ if gt (len .Alerts.Firing) 0 }}
    {{ .Alerts.Firing | len }} firing:
    {{ range .Alerts.Firing }}
    {{ template "__warden_alert_text" . }}{{ end }}{{ end }}
    {{- if gt (len .Alerts.Resolved) 0 }}
    {{ .Alerts.Resolved | len }} resolved:
    {{ range .Alerts.Resolved }}
    {{ template "__warden_alert_text" . }}{{ end }}{{ end }}
    {{- if gt .TruncatedAlerts 0 }}
    ...and {{ .TruncatedAlerts }} more alerts.
    {{ end }}
    View in Warden: {{ template "__alertmanagerURL" . }}
    {{ end }}

    {{/* ---- e-mail ---- */}}
    {{ define "email.default.subject" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "email.default.text" }}{{ template "__warden_text" . }}{{ end }}

    {{ define "__warden_alert_html" -}}
    <div style="margin:0 0 16px 0;padding:12px;border:1px solid #ddd;border-left:4px solid {{ if eq .Status "firing" }}#d62728{{ else }}#2ca02c{{ end }};">
    <div style="font-weight:bold;font-size:15px;">{{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }} {{ .Labels.alertname }}{{ with .Annotations.summary }}: {{ . }}{{ end }}</div>
    {{ with .Annotations.description }}<p style="margin:6px 0;">{{ . }}</p>{{ end }}
    <table style="border-collapse:collapse;font-size:13px;">
    {{ if or .Labels.instance .Labels.job }}<tr><td style="padding:2px 12px 2px 0;color:#666;">Where</td><td>{{ template "__warden_where" . }}</td></tr>{{ end }}
    <tr><td style="padding:2px 12px 2px 0;color:#666;">Since</td><td>{{ template "__warden_time" .StartsAt }}{{ if eq .Status "firing" }} (for {{ since .StartsAt | humanizeDuration }}){{ else }}{{ with .EndsAt }}, resolved {{ template "__warden_time" . }}{{ end }}{{ end }}</td></tr>
    {{ with .Annotations.value }}<tr><td style="padding:2px 12px 2px 0;color:#666;">Value</td><td>{{ . }}</td></tr>{{ end }}
    <tr><td style="padding:2px 12px 2px 0;color:#666;">Labels</td><td>{{ range $i, $pair := .Labels.SortedPairs }}{{ if $i }}, {{ end }}{{ $pair.Name }}={{ $pair.Value }}{{ end }}</td></tr>
    </table>
    <div style="margin-top:8px;font-size:13px;">{{ with .Annotations.runbook_url }}<a href="{{ . }}">Runbook</a> · {{ end }}{{ with .GeneratorURL }}<a href="{{ . }}">Source</a> · {{ end }}<a href="{{ .SilenceURL }}">Silence</a></div>
    </div>
    {{- end }}

    {{ define "email.default.html" -}}
    <!DOCTYPE html>
    <html><head><meta charset="UTF-8"><title>{{ template "__warden_subject" . }}</title></head>
    <body style="font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#222;max-width:700px;margin:0 auto;padding:16px;">
    <h2 style="margin:0 0 16px 0;color:{{ if eq .Status "firing" }}#d62728{{ else }}#2ca02c{{ end }};">{{ template "__warden_subject" . }}</h2>
    {{ if gt (len .Alerts.Firing) 0 }}<h3>{{ .Alerts.Firing | len }} firing</h3>
    {{ range .Alerts.Firing }}{{ template "__warden_alert_html" . }}
    {{ end }}{{ end }}
    {{- if gt (len .Alerts.Resolved) 0 }}<h3>{{ .Alerts.Resolved | len }} resolved</h3>
    {{ range .Alerts.Resolved }}{{ template "__warden_alert_html" . }}
    {{ end }}{{ end }}
    {{- if gt .TruncatedAlerts 0 }}<p>...and {{ .TruncatedAlerts }} more alerts.</p>{{ end }}
    <p style="font-size:12px;color:#666;"><a href="{{ template "__alertmanagerURL" . }}">View in Warden</a></p>
    </body></html>
    {{ end }}

    {{/* ---- Slack (mrkdwn) ---- */}}
    {{ define "__warden_alert_mrkdwn" -}}
    *{{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }} {{ .Labels.alertname }}*{{ with .Annotations.summary }}: {{ . }}{{ end }}
    {{- with .Annotations.description }}
    {{ . }}{{ end }}
    {{- if or .Labels.instance .Labels.job }}
    *Where:* {{ template "__warden_where" . }}{{ end }}
    *Since:* {{ template "__warden_time" .StartsAt }}{{ if eq .Status "firing" }} (for {{ since .StartsAt | humanizeDuration }}){{ end }}
    {{- with .Annotations.value }}
    *Value:* {{ . }}{{ end }}
    {{ with .Annotations.runbook_url }}<{{ . }}|Runbook> · {{ end }}{{ with .GeneratorURL }}<{{ . }}|Source> · {{ end }}<{{ .SilenceURL }}|Silence>
    {{- end }}

    {{ define "slack.default.title" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "slack.default.username" }}Warden{{ end }}
    {{ define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end }}
    {{ define "slack.default.callbackid" }}{{ end }}
    {{ define "slack.default.pretext" }}{{ end }}
    {{ define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end }}
    {{ define "slack.default.iconemoji" }}{{ end }}
    {{ define "slack.default.iconurl" }}{{ end }}
    {{ define "slack.default.footer" }}{{ end }}
    {{ define "slack.default.text" -}}
    {{ range $i, $alert := .Alerts }}{{ if $i }}

    {{ end }}{{ template "__warden_alert_mrkdwn" $alert }}{{ end }}
    {{- if gt .TruncatedAlerts 0 }}

    ...and {{ .TruncatedAlerts }} more alerts.{{ end }}
    {{- end }}

    {{/* ---- Microsoft Teams (Adaptive Card markdown) ---- */}}
    {{ define "__warden_alert_markdown" -}}
    **{{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }} {{ .Labels.alertname }}**{{ with .Annotations.summary }}: {{ . }}{{ end }}
    {{- with .Annotations.description }}

    {{ . }}{{ end }}
    {{- if or .Labels.instance .Labels.job }}

    - Where: {{ template "__warden_where" . }}{{ end }}
    - Since: {{ template "__warden_time" .StartsAt }}{{ if eq .Status "firing" }} (for {{ since .StartsAt | humanizeDuration }}){{ end }}
    {{- with .Annotations.value }}
    - Value: {{ . }}{{ end }}
    - {{ with .Annotations.runbook_url }}[Runbook]({{ . }}) · {{ end }}{{ with .GeneratorURL }}[Source]({{ . }}) · {{ end }}[Silence]({{ .SilenceURL }})
    {{- end }}

    {{ define "__warden_markdown" -}}
    {{ range $i, $alert := .Alerts }}{{ if $i }}

    {{ end }}{{ template "__warden_alert_markdown" $alert }}{{ end }}
    {{- if gt .TruncatedAlerts 0 }}

    ...and {{ .TruncatedAlerts }} more alerts.{{ end }}
    {{- end }}

    {{ define "msteams.default.title" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "msteams.default.summary" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "msteams.default.text" }}{{ template "__warden_markdown" . }}{{ end }}
    {{ define "msteamsv2.default.title" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "msteamsv2.default.text" }}{{ template "__warden_markdown" . }}{{ end }}

    {{/* ---- Discord (markdown) ---- */}}
    {{ define "discord.default.title" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "discord.default.message" }}{{ template "__warden_markdown" . }}{{ end }}
    {{ define "discord.default.content" }}{{ end }}

    {{/* ---- Telegram (HTML parse mode; actions' output is escaped) ---- */}}
    {{ define "telegram.default.message" -}}
    <b>{{ template "__warden_subject" . }}</b>
    {{ range .Alerts }}
    <b>{{ if eq .Status "firing" }}FIRING{{ else }}RESOLVED{{ end }} {{ .Labels.alertname }}</b>{{ with .Annotations.summary }}: {{ . }}{{ end }}
    {{- if or .Labels.instance .Labels.job }}
    Where: {{ template "__warden_where" . }}{{ end }}
    Since: {{ template "__warden_time" .StartsAt }}
    {{- with .Annotations.value }}
    Value: {{ . }}{{ end }}
    {{ with .Annotations.runbook_url }}<a href="{{ . }}">Runbook</a> · {{ end }}<a href="{{ .SilenceURL }}">Silence</a>
    {{ end }}
    {{- end }}

    {{/* ---- PagerDuty ---- */}}
    {{ define "pagerduty.default.description" }}{{ template "__warden_subject" . }}{{ end }}
    {{ define "pagerduty.default.client" }}Warden{{ end }}
    {{ define "pagerduty.default.clientURL" }}{{ template "__alertmanagerURL" . }}{{ end }}
    {{ define "pagerduty.default.instances" }}{{ template "__text_alert_list" . }}{{ end }}

    {{/* ---- SMS (cut to SMS length after rendering) ---- */}}
    {{ define "sms.default.message" -}}
    {{ template "__warden_subject" . }}
    {{- range .Alerts.Firing }} | {{ template "__warden_alert_line" . }}{{ end }}
    {{- range .Alerts.Resolved }} | resolved {{ template "__warden_alert_line" . }}{{ end }}
    {{- end }}

    {{/* ---- Webex ---- */}}
    {{ define "webex.default.message" }}{{ template "__warden_text" . }}{{ end }}
    """#
}
