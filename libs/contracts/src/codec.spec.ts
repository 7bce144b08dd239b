import {
  decode,
  encode,
  MAX_MESSAGE_BYTES,
  serialize,
  validate,
} from './codec';
import { MalformedMessageError, UnknownMessageTypeError, UnsupportedVersionError, ValidationError } from './errors';
import { ReleaseCommandSchema } from './schemas/commands';

const release = { service: 'checkout', version: '1.8.0', image: 'registry/checkout:1.8.0', env: { FAULT_RATE: '0' } };

describe('codec', () => {
  it('round-trips a release through bytes', () => {
    const env = encode('release', release, { source: 'cli' });
    const back = decode('release', serialize(env));
    expect(back).toEqual(env);
    expect(back.correlationId).toBe(env.id);
  });

  it('keeps a given correlation and deployment id', () => {
    const env = encode('release', release, { source: 'cli', correlationId: 'c-1', deploymentId: 'checkout-abc123' });
    expect(env.correlationId).toBe('c-1');
    expect(env.deploymentId).toBe('checkout-abc123');
  });

  it('refuses invalid outgoing payloads at the sender', () => {
    expect(() => encode('release', { ...release, version: 'latest' }, { source: 'cli' })).toThrow(ValidationError);
  });

  it('names malformed JSON', () => {
    expect(() => decode('release', '{"id":')).toThrow(MalformedMessageError);
    expect(() => decode('release', '[]')).toThrow(/expected a JSON object/);
  });

  it('refuses oversized messages before parsing', () => {
    expect(() => decode('release', 'x'.repeat(MAX_MESSAGE_BYTES + 1))).toThrow(/over the/);
  });

  it('refuses another message type and another version', () => {
    const env = encode('release', release, { source: 'cli' });
    expect(() => decode('switch', serialize(env))).toThrow(UnknownMessageTypeError);
    expect(() => decode('release', JSON.stringify({ ...env, version: 2 }))).toThrow(UnsupportedVersionError);
  });

  it('names every bad field with its path', () => {
    const env = encode('release', release, { source: 'cli' });
    const bad = { ...env, data: { service: 'Bad_Name', version: '1.x', colour: 'blue' } };
    try {
      decode('release', JSON.stringify(bad));
      throw new Error('expected a ValidationError');
    } catch (e) {
      expect(e).toBeInstanceOf(ValidationError);
      const paths = (e as ValidationError).problems.map((p) => p.path);
      expect(paths).toEqual(expect.arrayContaining(['/data/service', '/data/version', '/data/colour']));
    }
  });

  it('rejects env names that are not shell identifiers', () => {
    expect(() => validate(ReleaseCommandSchema, { ...release, env: { 'BAD-NAME': 'x' } }, 'release')).toThrow(/env/);
  });

  it('accepts pre-release versions with a leading v', () => {
    expect(validate(ReleaseCommandSchema, { service: 'demo', version: 'v2.0.0-rc.1' }, 'release').version).toBe('v2.0.0-rc.1');
  });
});
