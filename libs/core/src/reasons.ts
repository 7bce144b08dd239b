// Machine-readable reasons of phase transitions, stored in DeploymentRecord.reason and in
// every history entry. Consumers (CLI exit codes, dashboards, rollback) branch on these;
// humans read the message next to them.
export const Reasons = {
  /** Requested: the release was accepted and the deployment created. */
  ReleaseAccepted: 'ReleaseAccepted',
  /** Preparing: the new version was asked to start on the idle color. */
  EnvironmentStarting: 'EnvironmentStarting',
  /** Verifying: the new color reported ready. */
  EnvironmentReady: 'EnvironmentReady',
  /** Failed: the new color did not become ready in time. */
  ReadinessTimeout: 'ReadinessTimeout',
  /** Failed: the new color crashed or could not start. */
  EnvironmentFailed: 'EnvironmentFailed',
  /** Failed: the new color stopped or was replaced by something else before the switch. */
  EnvironmentLost: 'EnvironmentLost',
  /** Switching: pre-switch probes passed and no approval is needed. */
  VerificationPassed: 'VerificationPassed',
  /** Failed: pre-switch probes failed. */
  VerificationFailed: 'VerificationFailed',
  /** Failed: pre-switch probes did not pass often enough in time. */
  VerificationTimeout: 'VerificationTimeout',
  /** AwaitingApproval: probes passed, policy wants a human to approve. */
  ApprovalRequired: 'ApprovalRequired',
  /** Switching: a human approved. */
  Approved: 'Approved',
  /** Aborted: nobody approved in time. */
  ApprovalTimeout: 'ApprovalTimeout',
  /** Aborted: a human aborted before traffic moved. */
  AbortedByUser: 'AbortedByUser',
  /** Monitoring: the switcher confirmed traffic is on the new color. */
  SwitchConfirmed: 'SwitchConfirmed',
  /** Failed: the switcher refused or could not switch; traffic did not move. */
  SwitchFailed: 'SwitchFailed',
  /** Succeeded: the monitoring window passed without a breach. */
  MonitoringPassed: 'MonitoringPassed',
  /** Switching or Succeeded: a human skipped the remaining wait. */
  Promoted: 'Promoted',
  /** Failed: a first release was still unwell at the end of its window; with no previous color, traffic stays on it. */
  UnhealthyWithoutPrevious: 'UnhealthyWithoutPrevious',
  /** RollingBack: the new color degraded while live (automatic rollback). */
  HealthDegraded: 'HealthDegraded',
  /** RollingBack: a human asked for a rollback. */
  RollbackRequested: 'RollbackRequested',
  /** RolledBack: traffic is back on the previous color. */
  RolledBack: 'RolledBack',
  /** Failed: traffic could not be put back; a human must look. */
  RollbackFailed: 'RollbackFailed',
} as const;

export type Reason = (typeof Reasons)[keyof typeof Reasons];
