import { LabelRouter } from './label-router';
import { NamespaceRouter, type NamespaceRouterOptions } from './namespace-router';

/** The router of the configured mode, connected to the cluster. */
export function connectKubernetesRouter(opts: NamespaceRouterOptions): Promise<LabelRouter | NamespaceRouter> {
  return opts.settings.mode === 'namespace' ? NamespaceRouter.connect(opts) : LabelRouter.connect(opts);
}
