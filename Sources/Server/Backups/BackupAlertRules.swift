// The alert rules shipped for backup jobs, loaded whenever `backup_jobs:` has a job (turn them
// off with `backup_alert_rules: false` and write your own from these). They read the
// `warden_backup_*` series the server writes into its own TSDB, so they are ordinary rules:
// listed by /api/v1/rules, routed, silenced and recorded like any other.
import Alerting
import ConfigDecoding

enum BackupAlertRules {
  /// The name the rules' group reports as its file.
  static let file = "<builtin>/backup-alerts.yml"

  static let text = """
    groups:
      - name: warden-backups
        rules:
          - alert: BackupTooOld
            expr: time() - warden_backup_last_success_timestamp_seconds > warden_backup_max_age_seconds
            labels:
              severity: critical
            annotations:
              summary: "Backup job {{ $labels.backup_job }} has not succeeded for {{ $value | humanizeDuration }}"
              description: "The newest successful backup of {{ $labels.backup_job }} is older than its schedule allows. See `warden backup runbook {{ $labels.backup_job }}` and /api/v1/backups/jobs/{{ $labels.backup_job }}/runs."
          - alert: BackupJobFailed
            expr: warden_backup_last_run_success == 0
            labels:
              severity: critical
            annotations:
              summary: "The last backup of {{ $labels.backup_job }} did not succeed"
              description: "The newest run of backup job {{ $labels.backup_job }} failed, was interrupted or could not read some files. Its errors are in /api/v1/backups/jobs/{{ $labels.backup_job }}/runs."
          - alert: BackupCheckFailed
            expr: warden_backup_check_last_run_success == 0
            labels:
              severity: critical
            annotations:
              summary: "The repository check of backup job {{ $labels.backup_job }} failed"
              description: "The newest check of the repository of {{ $labels.backup_job }} found damage or could not run. The damaged packs and the snapshots they affect are in the run's details."
          - alert: BackupDrillFailed
            expr: warden_backup_drill_last_run_success == 0
            labels:
              severity: critical
            annotations:
              summary: "The restore drill of backup job {{ $labels.backup_job }} failed"
              description: "The newest restore drill of {{ $labels.backup_job }} could not restore its latest snapshot or found content that differs from it."
          - alert: BackupSizeChangedAbnormally
            expr: warden_backup_total_bytes / warden_backup_previous_total_bytes > 2 or warden_backup_total_bytes / warden_backup_previous_total_bytes < 0.5
            labels:
              severity: warning
            annotations:
              summary: "Backup job {{ $labels.backup_job }} changed size by a factor of {{ $value | printf \\"%.2f\\" }}"
              description: "The newest backup of {{ $labels.backup_job }} holds {{ $value | printf \\"%.2f\\" }} times the data of the one before: a source may be missing, emptied or flooded."
    """

  static func groups() throws(ConfigError) -> [RuleGroup] {
    try RuleFileLoader.parse(text, file: file)
  }
}
