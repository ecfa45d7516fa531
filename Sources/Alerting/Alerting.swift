// Alerting: Prometheus-format rule files (and Loki-ruler LogQL rules), rule group evaluation,
// alert states from inactive through pending and firing to resolved, recording rules. The
// Alerting helper fills this target; see docs/ARCHITECTURE.md.
