// The token table of one process: each token's sha256 digest with its name and scopes.
// Only digests are kept, and a presented token is compared by digest in constant time, so
// neither memory nor response timing gives a token away.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { ApiConfig, ApiScope } from '@cutover/config';
import { ApiTokenEnvMissingError } from './errors';

export interface ApiCaller {
  name: string;
  scopes: readonly ApiScope[];
}

interface KnownToken extends ApiCaller {
  digest: Buffer;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text, 'utf8').digest();

export class ApiAuth {
  private constructor(private readonly tokens: readonly KnownToken[]) {}

  /** Reads tokens held in environment variables now, so a missing one stops the start. */
  static fromConfig(api: ApiConfig, env: NodeJS.ProcessEnv): ApiAuth {
    return new ApiAuth(
      api.tokens.map((t) => {
        if (t.source.kind === 'sha256') return { name: t.name, scopes: t.scopes, digest: Buffer.from(t.source.digest, 'hex') };
        const value = env[t.source.variable];
        if (!value) throw new ApiTokenEnvMissingError(t.name, t.source.variable);
        return { name: t.name, scopes: t.scopes, digest: sha256(value) };
      }),
    );
  }

  /** No tokens configured: every route is open, as before authentication existed. */
  get enabled(): boolean {
    return this.tokens.length > 0;
  }

  /** The token's owner, or null for an unknown token. Every entry is compared, match or not. */
  identify(token: string): ApiCaller | null {
    const digest = sha256(token);
    let found: KnownToken | null = null;
    for (const known of this.tokens) {
      if (timingSafeEqual(known.digest, digest) && !found) found = known;
    }
    return found && { name: found.name, scopes: found.scopes };
  }
}
