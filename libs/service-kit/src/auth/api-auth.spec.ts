import { createHash } from 'node:crypto';
import type { ApiConfig } from '@cutover/config';
import { ApiAuth } from './api-auth';
import { ApiTokenEnvMissingError } from './errors';

const digest = (token: string) => createHash('sha256').update(token).digest('hex');

const API: ApiConfig = {
  tokens: [
    { name: 'ci', scopes: ['release'], source: { kind: 'sha256', digest: digest('ci-secret') } },
    { name: 'oncall', scopes: ['approve'], source: { kind: 'env', variable: 'ONCALL_TOKEN' } },
  ],
};

describe('ApiAuth', () => {
  it('knows a token by its digest or by the value of its variable', () => {
    const auth = ApiAuth.fromConfig(API, { ONCALL_TOKEN: 'oncall-secret' });
    expect(auth.enabled).toBe(true);
    expect(auth.identify('ci-secret')).toEqual({ name: 'ci', scopes: ['release'] });
    expect(auth.identify('oncall-secret')).toEqual({ name: 'oncall', scopes: ['approve'] });
  });

  it('knows no other token: not a digest, not a variable name, not a prefix', () => {
    const auth = ApiAuth.fromConfig(API, { ONCALL_TOKEN: 'oncall-secret' });
    for (const guess of [digest('ci-secret'), 'ONCALL_TOKEN', 'ci-secre', '', 'ci-secret ']) expect(auth.identify(guess)).toBeNull();
  });

  it('stops the start when a variable is missing or empty, naming the token and the variable', () => {
    for (const env of [{}, { ONCALL_TOKEN: '' }]) {
      const attempt = () => ApiAuth.fromConfig(API, env);
      expect(attempt).toThrow(ApiTokenEnvMissingError);
      expect(attempt).toThrow('api token "oncall" is read from the environment variable ONCALL_TOKEN, which is not set or empty');
    }
  });

  it('is off without tokens', () => {
    expect(ApiAuth.fromConfig({ tokens: [] }, {}).enabled).toBe(false);
  });
});
