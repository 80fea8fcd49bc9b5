{{/*
A Deployment of Loupe. Both of the chart's Deployments run the same application with the same
configuration; they differ in whether the pod runs the journal relay (Debezium on PostgreSQL's
replication slot, which only one pod at a time can hold).
Takes a dict: root (the chart context), component ("server" or "relay"), name, runsRelay, replicas
(omitted when the HorizontalPodAutoscaler decides), strategy.
*/}}
{{- define "loupe.deployment" -}}
{{- $root := .root }}
{{- with $root }}
{{- $drain := int .Values.workers.longestJobTimeoutSeconds }}
{{- if lt (int .Values.terminationGracePeriodSeconds) (add $drain 40) }}
{{- fail (printf "terminationGracePeriodSeconds must be at least %d: workers.longestJobTimeoutSeconds (%d) for the jobs a stopping pod holds, 30 for its requests, 10 to exit" (add $drain 40) $drain) }}
{{- end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ $.name }}
  labels:
    {{- include "loupe.labels" . | nindent 4 }}
    app.kubernetes.io/component: {{ $.component }}
spec:
  {{- if not (kindIs "invalid" $.replicas) }}
  replicas: {{ $.replicas }}
  {{- end }}
  strategy:
    type: {{ $.strategy }}
  selector:
    matchLabels:
      {{- include "loupe.componentSelectorLabels" (dict "root" . "component" $.component) | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "loupe.labels" . | nindent 8 }}
        app.kubernetes.io/component: {{ $.component }}
        {{- with .Values.podLabels }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      annotations:
        # Roll the pods when their configuration changes.
        checksum/config: {{ include (print .Template.BasePath "/configmap.yaml") . | sha256sum }}
        checksum/secret: {{ include (print .Template.BasePath "/secret.yaml") . | sha256sum }}
        {{- if .Values.metrics.scrapeAnnotations }}
        prometheus.io/scrape: "true"
        prometheus.io/port: {{ .Values.management.port | quote }}
        prometheus.io/path: {{ .Values.metrics.path | quote }}
        {{- end }}
        {{- with .Values.podAnnotations }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
    spec:
      serviceAccountName: {{ include "loupe.serviceAccountName" . }}
      automountServiceAccountToken: false
      {{- with .Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- toYaml .Values.podSecurityContext | nindent 8 }}
      terminationGracePeriodSeconds: {{ .Values.terminationGracePeriodSeconds }}
      containers:
        - name: loupe
          image: {{ include "loupe.image" . | quote }}
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          securityContext:
            {{- toYaml .Values.securityContext | nindent 12 }}
          ports:
            - name: http
              containerPort: 8080
              protocol: TCP
            - name: management
              containerPort: {{ .Values.management.port }}
              protocol: TCP
          envFrom:
            - configMapRef:
                name: {{ include "loupe.fullname" . }}
          env:
            - name: LOUPE_RELAY_ENABLED
              value: {{ $.runsRelay | quote }}
            {{- include "loupe.secretEnv" (dict "root" . "env" "SPRING_DATASOURCE_PASSWORD"
                  "existingSecret" .Values.postgresql.existingSecret
                  "existingKey" .Values.postgresql.existingSecretPasswordKey
                  "ownKey" "postgresql-password") | nindent 12 }}
            {{- include "loupe.secretEnv" (dict "root" . "env" "SPRING_FLYWAY_PASSWORD"
                  "existingSecret" .Values.postgresql.owner.existingSecret
                  "existingKey" .Values.postgresql.owner.existingSecretPasswordKey
                  "ownKey" "postgresql-owner-password") | nindent 12 }}
            {{- if $.runsRelay }}
            {{- include "loupe.secretEnv" (dict "root" . "env" "LOUPE_RELAY_PASSWORD"
                  "existingSecret" .Values.postgresql.replication.existingSecret
                  "existingKey" .Values.postgresql.replication.existingSecretPasswordKey
                  "ownKey" "postgresql-replication-password") | nindent 12 }}
            {{- end }}
            {{- with .Values.camunda.auth }}
            {{- if or .secret .existingSecret }}
            {{- include "loupe.secretEnv" (dict "root" $root "env"
                  (ternary "CAMUNDA_CLIENT_AUTH_CLIENTSECRET" "CAMUNDA_CLIENT_AUTH_PASSWORD" (eq .method "oidc"))
                  "existingSecret" .existingSecret "existingKey" .existingSecretKey
                  "ownKey" "camunda-auth-secret") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- with .Values.callbacks }}
            {{- if or .signingSecret .existingSecret }}
            {{- include "loupe.secretEnv" (dict "root" $root "env" "LOUPE_CALLBACKS_SIGNINGSECRET"
                  "existingSecret" .existingSecret "existingKey" .existingSecretKey
                  "ownKey" "callbacks-signing-secret") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- with .Values.security }}
            {{- if or .adminPassword .existingSecret }}
            {{- include "loupe.secretEnv" (dict "root" $root "env" "LOUPE_ADMIN_PASSWORD"
                  "existingSecret" .existingSecret "existingKey" .existingSecretAdminPasswordKey
                  "ownKey" "admin-password") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- with .Values.elasticsearch }}
            {{- if or .password .existingSecret }}
            {{- include "loupe.secretEnv" (dict "root" $root "env" "SPRING_ELASTICSEARCH_PASSWORD"
                  "existingSecret" .existingSecret "existingKey" .existingSecretPasswordKey
                  "ownKey" "elasticsearch-password") | nindent 12 }}
            {{- end }}
            {{- end }}
            {{- with .Values.extraEnv }}
            {{- toYaml . | nindent 12 }}
            {{- end }}
          # Spring Boot's probe groups: liveness says "restart me", readiness says "send me work".
          startupProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: {{ .Values.probes.startup.periodSeconds }}
            failureThreshold: {{ .Values.probes.startup.failureThreshold }}
          livenessProbe:
            httpGet:
              path: /actuator/health/liveness
              port: management
            periodSeconds: {{ .Values.probes.liveness.periodSeconds }}
            failureThreshold: {{ .Values.probes.liveness.failureThreshold }}
          readinessProbe:
            httpGet:
              path: /actuator/health/readiness
              port: management
            periodSeconds: {{ .Values.probes.readiness.periodSeconds }}
            failureThreshold: {{ .Values.probes.readiness.failureThreshold }}
          resources:
            {{- toYaml .Values.resources | nindent 12 }}
          volumeMounts:
            - name: data
              mountPath: {{ .Values.dataDir.path }}
            - name: journal-archive
              mountPath: {{ .Values.journalArchive.path }}
            {{- if .Values.modelRepository.enabled }}
            - name: model-repository
              mountPath: {{ .Values.modelRepository.path }}
            {{- end }}
            # The root filesystem is read-only; Tomcat and the JVM write temporary files here.
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: data
          {{- toYaml .Values.dataDir.volume | nindent 10 }}
        - name: journal-archive
          persistentVolumeClaim:
            claimName: {{ include "loupe.journalArchiveClaim" . }}
        {{- if .Values.modelRepository.enabled }}
        - name: model-repository
          persistentVolumeClaim:
            claimName: {{ include "loupe.modelRepositoryClaim" . }}
        {{- end }}
        - name: tmp
          emptyDir: {}
      {{- with .Values.nodeSelector }}
      nodeSelector:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.affinity }}
      affinity:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      {{- with .Values.tolerations }}
      tolerations:
        {{- toYaml . | nindent 8 }}
      {{- end }}
{{- end }}
{{- end }}
