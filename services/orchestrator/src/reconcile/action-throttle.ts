// Reconcile passes run many times a second; an action that was just sent is not sent again
// until its answer had time to arrive. After a restart the map is empty, so every pending
// action is sent once more, which is safe because every action is idempotent.
export class ActionThrottle {
  private readonly sentAt = new Map<string, number>();

  constructor(private readonly resendAfterMs: number) {}

  /** True when the action keyed `key` should be sent now (and records that it was). */
  take(key: string, nowMs: number): boolean {
    const last = this.sentAt.get(key);
    if (last !== undefined && nowMs - last < this.resendAfterMs) return false;
    this.sentAt.set(key, nowMs);
    return true;
  }

  forget(prefix: string): void {
    for (const key of this.sentAt.keys()) if (key.startsWith(prefix)) this.sentAt.delete(key);
  }
}
