import { specHash } from './spec-hash';

describe('specHash', () => {
  // Pinned: the runtime stamps this same hash on environments, so it must never drift.
  it('is the runtime-compatible hash of version, image and env', () => {
    expect(specHash({ version: '1.1.0', env: { B: '2', A: '1' } })).toBe('bcb8cdf2b4af7968');
    expect(specHash({ version: '1.1.0', image: 'reg/x:1.1.0', env: {} })).toBe('03803492ccd61a2b');
  });

  it('ignores the order of env entries and notices any change of value', () => {
    const base = { version: '1.1.0', env: { A: '1', B: '2' } };
    expect(specHash({ ...base, env: { B: '2', A: '1' } })).toBe(specHash(base));
    expect(specHash({ ...base, env: { A: '1', B: '3' } })).not.toBe(specHash(base));
    expect(specHash({ ...base, version: '1.1.1' })).not.toBe(specHash(base));
  });
});
