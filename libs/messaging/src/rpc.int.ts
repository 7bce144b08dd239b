import { CutoverError, subjects, type DeadLetter, type EnsureEnvironment, type Envelope } from '@cutover/contracts';
import { startMessaging, waitFor, type MessagingFixture } from '@cutover/testkit';
import { Type } from '@sinclair/typebox';
import type { Bus } from './bus';
import { RequestTimeoutError, RpcError } from './errors';

const ensure: EnsureEnvironment = { service: 'checkout', color: 'green', version: '1.2.0', env: {} };

class NotRunnableError extends CutoverError {
  constructor() {
    super('not_runnable', 'image cannot run here');
  }
}

describe('Bus request / serve', () => {
  let fx: MessagingFixture;
  let agent: Bus;
  let orchestrator: Bus;

  beforeAll(async () => {
    fx = await startMessaging();
    agent = await fx.connect('runtime-agent');
    orchestrator = await fx.connect('orchestrator');
  });
  afterAll(() => fx.stop());

  it('returns the handler result, fails with the handler code, and times out without a responder', async () => {
    const served = await agent.serve('runtimeEnsure', async (env) => {
      if (env.data.version === '6.6.6') throw new NotRunnableError();
      return { port: 4100, source: env.source };
    });

    const reply = await orchestrator.request('runtimeEnsure', ensure, { replySchema: Type.Object({ port: Type.Integer(), source: Type.String() }) });
    expect(reply).toEqual({ port: 4100, source: 'orchestrator' });

    const failed = orchestrator.request('runtimeEnsure', { ...ensure, version: '6.6.6' });
    await expect(failed).rejects.toBeInstanceOf(RpcError);
    await expect(failed).rejects.toMatchObject({ code: 'not_runnable', message: 'image cannot run here' });

    await served.stop();
    const timedOut = orchestrator.request('runtimeEnsure', ensure, { timeoutMs: 200, retries: 1 });
    await expect(timedOut).rejects.toBeInstanceOf(RequestTimeoutError);
    await expect(timedOut).rejects.toThrow(/after 2 attempt/);
  });

  it('answers an invalid request with invalid_input and records a dead letter', async () => {
    const served = await agent.serve('runtimeScaleDown', async () => ({ stopped: true }));
    const dead: Array<Envelope<DeadLetter>> = [];
    const follower = await orchestrator.follow('deadLetter', async (env) => void dead.push(env), { filter: subjects.deadLetter('runtime-agent') });

    const raw = await orchestrator.connection.request(subjects.runtimeScaleDown(), Buffer.from(JSON.stringify({ hello: 'world' })), { timeout: 2000 });
    const reply = JSON.parse(Buffer.from(raw.data).toString()) as { ok: boolean; error: { code: string; message: string } };
    expect(reply.ok).toBe(false);
    expect(reply.error.code).toBe('invalid_input');

    await waitFor(() => dead.length === 1, { what: 'the dead letter' });
    expect(dead[0]!.data).toMatchObject({ subject: subjects.runtimeScaleDown(), consumer: 'runtime-agent', code: 'unknown_type' });
    await follower.stop();
    await served.stop();
  });

  it('shares requests between replicas in the same queue group', async () => {
    const other = await fx.connect('runtime-agent');
    const answeredBy: string[] = [];
    const a = await agent.serve('runtimeDiagnostics', async () => answeredBy.push('a'));
    const b = await other.serve('runtimeDiagnostics', async () => answeredBy.push('b'));
    for (let i = 0; i < 20; i++) await orchestrator.request('runtimeDiagnostics', { service: 'checkout', color: 'blue' });
    expect(answeredBy).toHaveLength(20);
    expect(new Set(answeredBy)).toEqual(new Set(['a', 'b']));
    await Promise.all([a.stop(), b.stop()]);
  });
});
