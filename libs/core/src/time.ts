/** Milliseconds from an ISO timestamp to now. */
export const elapsedMs = (since: string, now: Date): number => now.getTime() - Date.parse(since);

/** Whether an ISO timestamp is at or after another one. */
export const notBefore = (at: string, reference: string): boolean => Date.parse(at) >= Date.parse(reference);
