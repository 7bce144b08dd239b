import type { Color } from '@cutover/contracts';

/** What the Deployment of one color is built from: the release, resolved against the config. */
export interface ColorRelease {
  color: Color;
  version: string;
  image: string;
  env: Record<string, string>;
  /** specHash of (version, image, env); unchanged = nothing to apply. */
  specHash: string;
  /** When this release was applied: the readiness deadline counts from here. */
  appliedAt: Date;
}
