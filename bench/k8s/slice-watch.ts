// An observer of a Service's EndpointSlices that owes nothing to the router: a list, then a
// watch from its resourceVersion, so the moment the endpoints change is the moment the API
// server tells any client, not when someone happens to poll.
import { DiscoveryV1Api, KubeConfig, Watch, type V1EndpointSlice } from '@kubernetes/client-node';

export interface ListedEndpoint {
  pod: string;
  ready: boolean;
}

export type EndpointCondition = (endpoints: ListedEndpoint[]) => boolean;

interface Waiter {
  condition: EndpointCondition;
  resolve(at: number): void;
  reject(err: Error): void;
}

/** The live Service lists exactly these pods, all ready: no other pod, ready or not. */
export const onlyPods =
  (pods: string[]): EndpointCondition =>
  (endpoints) =>
    endpoints.length === pods.length && endpoints.every((e) => e.ready && pods.includes(e.pod));

export class SliceWatch {
  private readonly slices = new Map<string, V1EndpointSlice>();
  private readonly waiters = new Set<Waiter>();
  private abort: AbortController | null = null;
  private closed = false;

  private constructor(
    private readonly kc: KubeConfig,
    private readonly namespace: string,
    private readonly service: string,
  ) {}

  static async start(kc: KubeConfig, namespace: string, service: string): Promise<SliceWatch> {
    const watch = new SliceWatch(kc, namespace, service);
    await watch.resync();
    return watch;
  }

  endpoints(): ListedEndpoint[] {
    return [...this.slices.values()]
      .flatMap((s) => s.endpoints ?? [])
      // An unset ready condition means unknown, which consumers are told to take as ready.
      .map((e) => ({ pod: e.targetRef?.name ?? '?', ready: e.conditions?.ready !== false }))
      .sort((a, b) => a.pod.localeCompare(b.pod));
  }

  /** performance.now() when the endpoints first met the condition: at once if they already do. */
  until(condition: EndpointCondition, timeoutMs: number, what: string): Promise<number> {
    if (condition(this.endpoints())) return Promise.resolve(performance.now());
    return new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(waiter);
        reject(new Error(`no EndpointSlice event within ${timeoutMs} ms showed ${what}; last seen: ${this.describe()}`));
      }, timeoutMs);
      const waiter: Waiter = {
        condition,
        resolve: (at) => {
          clearTimeout(timer);
          resolve(at);
        },
        reject: (err) => {
          clearTimeout(timer);
          reject(err);
        },
      };
      this.waiters.add(waiter);
    });
  }

  describe(): string {
    return this.endpoints().map((e) => `${e.pod}${e.ready ? '' : ' (not ready)'}`).join(', ') || 'no endpoints';
  }

  close(): void {
    this.closed = true;
    this.abort?.abort();
    for (const waiter of this.waiters) waiter.reject(new Error('the EndpointSlice watch was closed'));
    this.waiters.clear();
  }

  private get labelSelector(): string {
    return `kubernetes.io/service-name=${this.service}`;
  }

  private async resync(): Promise<void> {
    const list = await this.kc.makeApiClient(DiscoveryV1Api).listNamespacedEndpointSlice({ namespace: this.namespace, labelSelector: this.labelSelector });
    this.slices.clear();
    for (const slice of list.items) this.slices.set(slice.metadata!.name!, slice);
    this.check(performance.now());
    this.abort = await new Watch(this.kc).watch(
      `/apis/discovery.k8s.io/v1/namespaces/${this.namespace}/endpointslices`,
      { labelSelector: this.labelSelector, resourceVersion: list.metadata?.resourceVersion, allowWatchBookmarks: true },
      (type: string, slice: V1EndpointSlice) => this.onEvent(type, slice),
      // The server ends watches after a while, and after an ERROR event (410 Gone): list again.
      () => {
        if (!this.closed) this.resync().catch((err: unknown) => this.fail(err));
      },
    );
  }

  private onEvent(type: string, slice: V1EndpointSlice): void {
    const at = performance.now();
    const name = slice.metadata?.name;
    if (!name) return;
    if (type === 'ADDED' || type === 'MODIFIED') this.slices.set(name, slice);
    else if (type === 'DELETED') this.slices.delete(name);
    else return;
    this.check(at);
  }

  private check(at: number): void {
    const endpoints = this.endpoints();
    for (const waiter of [...this.waiters]) {
      if (!waiter.condition(endpoints)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(at);
    }
  }

  private fail(err: unknown): void {
    for (const waiter of this.waiters) waiter.reject(new Error('the EndpointSlice watch broke', { cause: err }));
    this.waiters.clear();
  }
}
