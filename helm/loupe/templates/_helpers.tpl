{{/* The chart's name, shortened to what Kubernetes accepts in a label value. */}}
{{- define "loupe.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's base name for every object of this chart. */}}
{{- define "loupe.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "loupe.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "loupe.selectorLabels" -}}
app.kubernetes.io/name: {{ include "loupe.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "loupe.labels" -}}
helm.sh/chart: {{ include "loupe.chart" . }}
{{ include "loupe.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "loupe.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "loupe.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The ReadWriteMany claim of the model repository Triton serves: the given one, or the chart's own. */}}
{{- define "loupe.modelRepositoryClaim" -}}
{{- default (printf "%s-model-repository" (include "loupe.fullname" .) | trunc 63 | trimSuffix "-") .Values.modelRepository.existingClaim }}
{{- end }}

{{/* The ReadWriteMany claim that holds the archived journal months: the given one, or the chart's own. */}}
{{- define "loupe.journalArchiveClaim" -}}
{{- default (printf "%s-journal-archive" (include "loupe.fullname" .) | trunc 63 | trimSuffix "-") .Values.journalArchive.existingClaim }}
{{- end }}

{{/* The pods of one Deployment: the scalable "server" ones or the single "relay" one. */}}
{{- define "loupe.componentSelectorLabels" -}}
{{ include "loupe.selectorLabels" .root }}
app.kubernetes.io/component: {{ .component }}
{{- end }}

{{- define "loupe.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
The secret values the chart keeps in its own Secret, by key: every credential that is given as a
value rather than through an existing Secret. Each PostgreSQL role's password always has a key here unless
its existingSecret is set.
*/}}
{{- define "loupe.ownSecretData" -}}
{{- $data := dict }}
{{- if not .Values.postgresql.existingSecret }}
{{- $_ := set $data "postgresql-password" .Values.postgresql.password }}
{{- end }}
{{- if not .Values.postgresql.owner.existingSecret }}
{{- $_ := set $data "postgresql-owner-password" .Values.postgresql.owner.password }}
{{- end }}
{{- if not .Values.postgresql.replication.existingSecret }}
{{- $_ := set $data "postgresql-replication-password" .Values.postgresql.replication.password }}
{{- end }}
{{- if and .Values.camunda.auth.secret (not .Values.camunda.auth.existingSecret) }}
{{- $_ := set $data "camunda-auth-secret" .Values.camunda.auth.secret }}
{{- end }}
{{- if and .Values.callbacks.signingSecret (not .Values.callbacks.existingSecret) }}
{{- $_ := set $data "callbacks-signing-secret" .Values.callbacks.signingSecret }}
{{- end }}
{{- if and .Values.security.adminPassword (not .Values.security.existingSecret) }}
{{- $_ := set $data "admin-password" .Values.security.adminPassword }}
{{- end }}
{{- if and .Values.elasticsearch.password (not .Values.elasticsearch.existingSecret) }}
{{- $_ := set $data "elasticsearch-password" .Values.elasticsearch.password }}
{{- end }}
{{- toYaml $data }}
{{- end }}

{{/*
One env var read from a Secret: the existing Secret when one is named, the chart's own otherwise.
Takes a dict: root (the chart context), env, existingSecret, existingKey, ownKey.
*/}}
{{- define "loupe.secretEnv" -}}
- name: {{ .env }}
  valueFrom:
    secretKeyRef:
      {{- if .existingSecret }}
      name: {{ .existingSecret }}
      key: {{ .existingKey }}
      {{- else }}
      name: {{ include "loupe.fullname" .root }}
      key: {{ .ownKey }}
      {{- end }}
{{- end }}

{{/*
How the main Deployment scales: none, hpa or keda (values.yaml, autoscaling.mode). Fails on anything else, and on
the autoscaling.enabled of older charts, which this replaces.
*/}}
{{- define "loupe.autoscalingMode" -}}
{{- if hasKey .Values.autoscaling "enabled" }}
{{- fail "autoscaling.enabled is replaced by autoscaling.mode: none, hpa (CPU) or keda (the demand)" }}
{{- end }}
{{- $mode := .Values.autoscaling.mode | default "none" }}
{{- if not (has $mode (list "none" "hpa" "keda")) }}
{{- fail (printf "autoscaling.mode must be none, hpa or keda, not %s" $mode) }}
{{- end }}
{{- $mode }}
{{- end }}

{{/*
The demand of the job workers over all pods, in jobs, plus the spare capacity to keep (ADR 0025): per job type the
jobs due in the journal (every pod exports its own in process and the rest as queued, so queued + in process is the
same on every pod: max, not sum), summed over job types.
*/}}
{{- define "loupe.demandQuery" -}}
{{- with .Values.autoscaling.keda }}
{{- if .query }}
{{- .query }}
{{- else }}
{{- $selector := default (printf "namespace=%q" $.Release.Namespace) .metricSelector }}
{{- printf "(sum(max by (type) (loupe_demand_queued{kind=\"job\",%s} + loupe_demand_in_process{kind=\"job\",%s})) or vector(0)) + %v" $selector $selector .spareJobs }}
{{- end }}
{{- end }}
{{- end }}
