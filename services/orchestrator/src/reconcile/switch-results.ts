// The latest switch result per deployment, learned from the switcher's events. Only a
// failure matters to reconcile (success shows in the routing bucket), and a failure lost
// in a restart is harmless: the switch is requested again and fails again the same way.
import type { SwitchResult } from '@cutover/contracts';

export class SwitchResults {
  private readonly latest = new Map<string, SwitchResult>();

  record(result: SwitchResult): void {
    if (result.deploymentId) this.latest.set(result.deploymentId, result);
  }

  for(deploymentId: string): SwitchResult | null {
    return this.latest.get(deploymentId) ?? null;
  }

  forget(deploymentId: string): void {
    this.latest.delete(deploymentId);
  }
}
