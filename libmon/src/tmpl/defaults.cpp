// monctl's default notification templates: the names Alertmanager's receivers refer to, written for
// monctl. Subjects, titles and fallbacks give the same text as Alertmanager's defaults
// ("[FIRING:2] HighLatency (api prod)"); the e-mail body is our own plain HTML.
#include "defaults.hpp"

namespace mon::tmpl::detail {

std::string_view default_templates() {
  return R"TMPL({{- define "__alertmanager" }}Alertmanager{{ end -}}
{{- define "__alertmanagerURL" }}{{ .ExternalURL }}/#/alerts?receiver={{ urlquery .Receiver }}{{ end -}}
{{- define "__subject" -}}
[{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}]
{{- " " }}{{ join " " .GroupLabels.SortedPairs.Values }}{{ " " }}
{{- if gt (len .CommonLabels) (len .GroupLabels) -}}
({{ with .CommonLabels.Remove .GroupLabels.Names }}{{ join " " .Values }}{{ end }})
{{- end -}}
{{- end -}}
{{- define "__description" }}{{ end -}}
{{- define "__text_alert_list" -}}
{{- range . -}}
Labels:
{{ range .Labels.SortedPairs }} - {{ .Name }} = {{ .Value }}
{{ end }}Annotations:
{{ range .Annotations.SortedPairs }} - {{ .Name }} = {{ .Value }}
{{ end }}Source: {{ .GeneratorURL }}
{{ end -}}
{{- end -}}
{{- define "slack.default.title" }}{{ template "__subject" . }}{{ end -}}
{{- define "slack.default.username" }}{{ template "__alertmanager" . }}{{ end -}}
{{- define "slack.default.titlelink" }}{{ template "__alertmanagerURL" . }}{{ end -}}
{{- define "slack.default.fallback" }}{{ template "slack.default.title" . }} | {{ template "slack.default.titlelink" . }}{{ end -}}
{{- define "slack.default.callbackid" }}{{ end -}}
{{- define "slack.default.pretext" }}{{ end -}}
{{- define "slack.default.iconemoji" }}{{ end -}}
{{- define "slack.default.iconurl" }}{{ end -}}
{{- define "slack.default.text" }}{{ end -}}
{{- define "slack.default.footer" }}{{ end -}}
{{- define "slack.default.color" }}{{ if eq .Status "firing" }}danger{{ else }}good{{ end }}{{ end -}}
{{- define "email.default.subject" }}{{ template "__subject" . }}{{ end -}}
{{- define "__monctl_email_alert" -}}
<li><p><b>{{ html (index .Labels "alertname") }}</b> ({{ html .Status }}, since {{ .StartsAt.Format "2006-01-02 15:04:05 MST" }})</p>
<table>
{{- range .Labels.SortedPairs }}
<tr><td>{{ html .Name }}</td><td>{{ html .Value }}</td></tr>
{{- end }}
{{- range .Annotations.SortedPairs }}
<tr><td><i>{{ html .Name }}</i></td><td>{{ html .Value }}</td></tr>
{{- end }}
</table>
{{- if .GeneratorURL }}
<p><a href="{{ html .GeneratorURL }}">Source</a></p>
{{- end }}</li>
{{ end -}}
{{- define "email.default.html" -}}
<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>{{ template "__alertmanager" . }}</title></head>
<body>
<h1>[{{ toUpper .Status }}{{ if eq .Status "firing" }}:{{ len .Alerts.Firing }}{{ end }}] {{ html (join " " .GroupLabels.SortedPairs.Values) }}</h1>
{{- if .Alerts.Firing }}
<h2>{{ len .Alerts.Firing }} firing</h2>
<ul>
{{ range .Alerts.Firing }}{{ template "__monctl_email_alert" . }}{{ end -}}
</ul>
{{- end }}
{{- if .Alerts.Resolved }}
<h2>{{ len .Alerts.Resolved }} resolved</h2>
<ul>
{{ range .Alerts.Resolved }}{{ template "__monctl_email_alert" . }}{{ end -}}
</ul>
{{- end }}
{{- if .ExternalURL }}
<p><a href="{{ html .ExternalURL }}">{{ template "__alertmanager" . }}</a></p>
{{- end }}
</body>
</html>
{{ end -}}
)TMPL";
}

}  // namespace mon::tmpl::detail
