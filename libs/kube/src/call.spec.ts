import { KubernetesApiError } from './errors';
import { call, readOrNull } from './call';
import { onKubeApiError } from './observer';

// The shape of the client's ApiException: the HTTP status as code, the server's Status as body.
const apiException = (code: number, body: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error('Unsuccessful HTTP Request'), { code, body, headers });

describe('call', () => {
  it('turns an API error into KubernetesApiError with the server\'s own message and the status', async () => {
    const body = JSON.stringify({ kind: 'Status', message: 'pods "x" is forbidden: exceeded quota: cutover-quota', code: 403 });
    const err = await call('create pod', () => Promise.reject(apiException(403, body))).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KubernetesApiError);
    expect(err).toMatchObject({ status: 403, code: 'kubernetes_api_error', message: 'cannot create pod: pods "x" is forbidden: exceeded quota: cutover-quota (HTTP 403)' });
  });

  it('reads the Status from a Buffer or an object body too, and says only the status without one', async () => {
    const buffer = await call('a', () => Promise.reject(apiException(422, Buffer.from('{"message":"Invalid value"}')))).catch((e: Error) => e.message);
    expect(buffer).toBe('cannot a: Invalid value (HTTP 422)');
    const object = await call('b', () => Promise.reject(apiException(400, { message: 'bad request' }))).catch((e: Error) => e.message);
    expect(object).toBe('cannot b: bad request (HTTP 400)');
    const none = await call('c', () => Promise.reject(apiException(401, undefined))).catch((e: Error) => e.message);
    expect(none).toBe('cannot c: HTTP 401');
  });

  it('keeps a transport error\'s message, without a status', async () => {
    const err = await call('list pods', () => Promise.reject(new Error('connect ECONNREFUSED 127.0.0.1:6443'))).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: undefined, message: 'cannot list pods: connect ECONNREFUSED 127.0.0.1:6443' });
  });

  it('retries a 409 that may pass', async () => {
    let attempts = 0;
    const conflictOnce = () => (++attempts === 1 ? Promise.reject(apiException(409, '{}')) : Promise.resolve('applied'));
    expect(await call('apply Service', conflictOnce)).toBe('applied');
    expect(attempts).toBe(2);
  });

  it('does not retry a 409 of a request that carried a resourceVersion: the caller reads again', async () => {
    let attempts = 0;
    const conflict = () => (++attempts, Promise.reject(apiException(409, '{}', { 'retry-after': '3' })));
    await expect(call('apply EndpointSlice', conflict, { conditional: true })).rejects.toMatchObject({ status: 409, code: 'kubernetes_api_error', retryAfterMs: 3000 });
    expect(attempts).toBe(1);
  });
});

describe('readOrNull', () => {
  it('is null for 404 and throws every other failure', async () => {
    expect(await readOrNull('read', () => Promise.reject(apiException(404, '{}')))).toBeNull();
    await expect(readOrNull('read', () => Promise.reject(apiException(403, '{}')))).rejects.toMatchObject({ status: 403 });
    expect(await readOrNull('read', () => Promise.resolve(7))).toBe(7);
  });
});

describe('onKubeApiError', () => {
  it('sees every failed call, but not the 404 readOrNull expects, and stops when told', async () => {
    const seen: [string, number | undefined][] = [];
    const stop = onKubeApiError((err) => seen.push([err.operation, err.status]));
    await call('list pods', () => Promise.reject(apiException(422, '{}'))).catch(() => undefined);
    await readOrNull('read Service', () => Promise.reject(apiException(404, '{}')));
    await readOrNull('read Service', () => Promise.reject(apiException(403, '{}'))).catch(() => undefined);
    await call('read Deployment', () => Promise.resolve(1));
    stop();
    await call('list pods', () => Promise.reject(new Error('ECONNREFUSED'))).catch(() => undefined);
    expect(seen).toEqual([
      ['list pods', 422],
      ['read Service', 403],
    ]);
  });
});
