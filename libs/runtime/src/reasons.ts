// Machine-readable reasons of environment states: consumers branch on these, humans read
// the message next to them.
export const EnvironmentReasons = {
  Starting: 'Starting',
  Replacing: 'Replacing',
  Ready: 'Ready',
  ProcessExited: 'ProcessExited',
  SpawnFailed: 'SpawnFailed',
  ReadinessTimeout: 'ReadinessTimeout',
  Stopping: 'Stopping',
  ScaledDown: 'ScaledDown',
  RuntimeClosed: 'RuntimeClosed',
  /** Set by the agent for environments a previous agent process claimed to run. */
  AgentRestarted: 'AgentRestarted',
} as const;

export type EnvironmentReason = (typeof EnvironmentReasons)[keyof typeof EnvironmentReasons];
