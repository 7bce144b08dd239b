// Checks of the runtime settings and of what the kubernetes runtime needs from each service:
// names Kubernetes accepts and quantities it can read, before anything reaches the API.
import { COLORS } from '@cutover/contracts';
import { KUBERNETES_DEFAULTS } from './defaults';
import { ENV_NAME, ENV_NAME_RULE } from './env-names';
import { KubeLabels, kubernetesNames, type KubernetesNames } from './kubernetes-names';
import type { RawConfig } from './schema';
import type { RawProblem } from './semantic';
import type { KubernetesMode } from './types';

const KINDS = ['local', 'kubernetes'];
const MODES: KubernetesMode[] = ['label', 'namespace'];
const KUBERNETES_ONLY = ['kubeconfig', 'mode', 'namespacePrefix'] as const;
const MAX_NAME = 63;
const PREFIX = /^([a-z0-9][a-z0-9-]*)?$/;
// Services are DNS-1035 labels: unlike namespaces they must start with a letter.
const SERVICE_START = /^[a-z]/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;
const QUOTA_RESOURCE = /^[a-z0-9]([-a-z0-9./]*[a-z0-9])?$/;
// A qualified name: an optional DNS-subdomain prefix and '/', then a name of at most 63.
const LABEL_KEY = /^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
const CUTOVER_LABELS: ReadonlySet<string> = new Set([KubeLabels.name, KubeLabels.managedBy, KubeLabels.color, KubeLabels.version, KubeLabels.specHash]);

export function runtimeProblems(raw: RawConfig): RawProblem[] {
  const runtime = raw.runtime ?? {};
  const kind = runtime.kind ?? 'local';
  if (!KINDS.includes(kind)) return [{ path: ['runtime', 'kind'], message: `must be local or kubernetes, not ${JSON.stringify(kind)}` }];
  if (kind === 'local') {
    return [
      ...KUBERNETES_ONLY.filter((key) => runtime[key] !== undefined).map((key) => ({
        path: ['runtime', key],
        message: 'only applies when runtime.kind is kubernetes',
      })),
      ...Object.entries(raw.services)
        .filter(([, service]) => service.command === undefined)
        .map(([name]) => ({ path: ['services', name, 'command'], message: 'is required when runtime.kind is local' })),
    ];
  }
  const problems: RawProblem[] = [];
  if (runtime.mode !== undefined && !MODES.includes(runtime.mode as KubernetesMode)) {
    problems.push({ path: ['runtime', 'mode'], message: `must be label or namespace, not ${JSON.stringify(runtime.mode)}` });
  }
  const prefix = runtime.namespacePrefix ?? KUBERNETES_DEFAULTS.namespacePrefix;
  if (!PREFIX.test(prefix)) {
    problems.push({ path: ['runtime', 'namespacePrefix'], message: 'must be lowercase letters, digits and -, starting with a letter or digit' });
  }
  const mode = MODES.includes(runtime.mode as KubernetesMode) ? (runtime.mode as KubernetesMode) : KUBERNETES_DEFAULTS.mode;
  for (const name of Object.keys(raw.services)) problems.push(...serviceProblems(raw, name, kubernetesNames({ mode, namespacePrefix: prefix })));
  return problems;
}

function serviceProblems(raw: RawConfig, name: string, names: KubernetesNames): RawProblem[] {
  const at = ['services', name];
  const problems: RawProblem[] = [];
  if (!SERVICE_START.test(name)) problems.push({ path: at, message: 'must start with a letter on Kubernetes, where it names a Service' });
  const longest = COLORS.flatMap((c) => [names.colorNamespace(name, c), names.previewService(name, c)]).sort((a, b) => b.length - a.length)[0]!;
  if (longest.length > MAX_NAME) {
    problems.push({ path: at, message: `is too long for Kubernetes: "${longest}" would exceed ${MAX_NAME} characters` });
  }
  const k8s = raw.services[name]!.kubernetes;
  for (const side of ['requests', 'limits'] as const) {
    for (const [resource, value] of Object.entries(k8s?.resources?.[side] ?? {})) {
      if (!QUANTITY.test(String(value))) problems.push(quantityProblem([...at, 'kubernetes', 'resources', side, resource], value));
    }
  }
  for (const [resource, value] of Object.entries(k8s?.quota ?? {})) {
    const path = [...at, 'kubernetes', 'quota', resource];
    if (!QUOTA_RESOURCE.test(resource)) problems.push({ path, message: 'is not a ResourceQuota resource name (such as pods, requests.cpu, limits.memory)' });
    else if (!QUANTITY.test(String(value))) problems.push(quantityProblem(path, value));
  }
  for (const [label, variable] of Object.entries(k8s?.podLabelsFromEnv ?? {})) {
    const path = [...at, 'kubernetes', 'podLabelsFromEnv', label];
    if (!LABEL_KEY.test(label)) problems.push({ path, message: 'is not a Kubernetes label key (such as cutover.dev/fault or tier)' });
    else if (CUTOVER_LABELS.has(label)) problems.push({ path, message: 'is a label Cutover sets itself' });
    else if (!ENV_NAME.test(variable)) problems.push({ path, message: `${JSON.stringify(variable)} is not a valid environment variable name (${ENV_NAME_RULE})` });
  }
  return problems;
}

const quantityProblem = (path: string[], value: unknown): RawProblem => ({
  path,
  message: `${JSON.stringify(value)} is not a Kubernetes quantity (such as 250m, 0.5, 2, 128Mi, 1Gi)`,
});
