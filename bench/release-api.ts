// Releases through the orchestrator's HTTP API and waits for the verdict by polling it.
import { isTerminal, type DeploymentRecord, type Phase } from '@cutover/contracts';
import { waitFor } from '@cutover/testkit';

export async function release(api: string, service: string, version: string, env: Record<string, string> = {}): Promise<DeploymentRecord> {
  const res = await fetch(`${api}/api/releases`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ service, version, env }),
  });
  if (res.status !== 201) throw new Error(`release ${service} ${version}: HTTP ${res.status} ${await res.text()}`);
  const { deployment } = (await res.json()) as { deployment: DeploymentRecord };
  let last = deployment;
  await waitFor(
    async () => {
      last = (await (await fetch(`${api}/api/deployments/${deployment.id}`)).json()) as DeploymentRecord;
      return isTerminal(last.phase as Phase);
    },
    { timeoutMs: 180_000, intervalMs: 50, what: `${service} ${version} to finish` },
  );
  return last;
}
