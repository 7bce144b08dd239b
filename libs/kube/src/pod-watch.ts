// Pods across every namespace, as a stream of changes. Polling alone learns that a running
// pod turned unready only at its next read (seconds); the watch says so within
// milliseconds. A watch ends now and then (API server restarts, timeouts): it is opened
// again with backoff, and the caller is told it may have missed something.
import type { V1Pod, Watch } from '@kubernetes/client-node';

export interface PodWatchHandlers {
  /** A pod was added, changed or deleted. */
  onPod(pod: V1Pod): void;
  /** The watch was re-opened after a gap: changes in between were not seen. */
  onResync(): void;
  onError(err: unknown): void;
}

const BACKOFF_MS = [200, 1_000, 5_000];

export class PodWatch {
  private abort: AbortController | null = null;
  private retry: NodeJS.Timeout | undefined;
  private failures = 0;
  private stopped = false;

  constructor(
    private readonly watcher: Watch,
    private readonly labelSelector: string,
    private readonly handlers: PodWatchHandlers,
  ) {}

  start(): void {
    void this.open(false);
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.retry);
    this.abort?.abort();
  }

  private async open(gap: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      this.abort = await this.watcher.watch(
        '/api/v1/pods',
        { labelSelector: this.labelSelector, allowWatchBookmarks: true },
        (type, pod: V1Pod) => {
          this.failures = 0;
          if (type !== 'BOOKMARK') this.handlers.onPod(pod);
        },
        (err: unknown) => this.ended(err),
      );
      if (this.stopped) this.abort.abort();
      if (gap) this.handlers.onResync();
    } catch (err) {
      this.ended(err);
    }
  }

  private ended(err: unknown): void {
    if (this.stopped) return;
    if (err) this.handlers.onError(err);
    const delay = BACKOFF_MS[Math.min(this.failures++, BACKOFF_MS.length - 1)]!;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.open(true), delay);
  }
}
