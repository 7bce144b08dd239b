// Label values of Kubernetes API errors, kept to small fixed sets: operations are named
// "read Deployment ns/name" and the like, of which only the verb may become a label.

const VERBS = new Set(['read', 'list', 'apply', 'patch', 'create', 'delete', 'watch', 'replace', 'get']);

export function operationKind(operation: string): string {
  const verb = operation.trim().split(/\s+/)[0]?.toLowerCase() ?? '';
  return VERBS.has(verb) ? verb : 'other';
}

/** 4xx, 5xx...; 'none' when the server never answered (refused, timed out, TLS). */
export function statusClass(status: number | undefined): string {
  return status !== undefined && status >= 100 && status < 600 ? `${Math.floor(status / 100)}xx` : 'none';
}
