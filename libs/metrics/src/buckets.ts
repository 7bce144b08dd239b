// Histogram buckets (seconds) placed around the figures measured in bench/RESULTS.md, so the
// percentiles Grafana interpolates fall between close bounds where the values really are.

/** Switches: 30-200 ms measured (local proxy and Kubernetes routers, confirmation included). */
export const SWITCH_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5];

/** First fault → traffic back: 100 ms-2 s measured (median 112-212 ms, worst seen 2.2 s). */
export const FAULT_TO_ROLLBACK_BUCKETS = [0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

/** One probe: a local HTTP probe answers in about a millisecond; timeouts default to seconds. */
export const PROBE_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** A phase: from a switch (under a second) to a monitoring window or an approval (minutes). */
export const PHASE_BUCKETS = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

/** Commit to live (DORA lead time): minutes for a hotfix to weeks for a slow release train. */
export const LEAD_TIME_BUCKETS = [60, 300, 900, 1800, 3600, 7200, 14400, 28800, 86400, 172800, 604800, 1209600];

/** Fault to restored (DORA time to restore): Cutover rolls back in well under a second; a manual fix takes longer. */
export const RESTORE_BUCKETS = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 900, 3600];
