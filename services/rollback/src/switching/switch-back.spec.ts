import type { SwitchCommand, SwitchResult } from '@cutover/contracts';
import type { Bus, Handler } from '@cutover/messaging';
import { createLogger } from '@cutover/observability';
import { SwitchBackTimeoutError } from '../errors';
import { SwitchBack } from './switch-back';
import { SwitchResults } from './switch-results';

const cmd: SwitchCommand = { service: 'demo', toColor: 'blue', expectedColor: 'green', deploymentId: 'demo-0000000001abcdef', reason: 'rollback' };
const trace = { correlationId: 'c', deploymentId: 'demo-0000000001abcdef' };

/** A bus that records switch commands and lets the test answer them as the switcher would. */
async function harness(answer: (id: string, attempt: number) => string | null) {
  let deliver!: Handler<'switchResult'>;
  const published: string[] = [];
  const bus = {
    follow: async (_key: string, handler: Handler<'switchResult'>) => {
      deliver = handler;
      return { stop: async () => undefined };
    },
    publish: async (_key: string, _args: unknown, _data: unknown, opts: { id: string }) => {
      published.push(opts.id);
      const commandId = answer(opts.id, published.length);
      if (commandId !== null) {
        const data: SwitchResult = { commandId, service: 'demo', ok: true, fromColor: 'green', toColor: 'blue', durationMs: 1 };
        setImmediate(() => void deliver({ id: 'r', type: 'cutover.switch.result', version: 1, time: '', source: 'switcher', correlationId: 'c', data }, { subject: '', deliveryCount: 1, headers: {} }));
      }
      return {};
    },
  } as unknown as Bus;
  const results = new SwitchResults();
  await results.start(bus, new Date(0));
  const switchBack = new SwitchBack(bus, results, { attemptTimeoutMs: 30, attempts: 3 }, createLogger('test', { sink: () => undefined }));
  return { switchBack, published };
}

describe('SwitchBack', () => {
  it('returns the result that names its command', async () => {
    const { switchBack, published } = await harness((id) => id);
    await expect(switchBack.run(cmd, trace)).resolves.toMatchObject({ ok: true, toColor: 'blue' });
    expect(published).toHaveLength(1);
  });

  it('sends the command again under the next id until a result comes', async () => {
    const { switchBack, published } = await harness((id, attempt) => (attempt === 2 ? id : null));
    await expect(switchBack.run(cmd, trace)).resolves.toMatchObject({ ok: true });
    expect(published).toEqual(['demo-0000000001abcdef.switch-back.1', 'demo-0000000001abcdef.switch-back.2']);
  });

  it('takes a late answer to an earlier attempt', async () => {
    const { switchBack, published } = await harness((_id, attempt) => (attempt === 2 ? 'demo-0000000001abcdef.switch-back.1' : null));
    await expect(switchBack.run(cmd, trace)).resolves.toMatchObject({ ok: true });
    expect(published).toHaveLength(2);
  });

  it('every replica sends the same first command, and one that asks after the answer came gets it at once', async () => {
    // Only the first publish is answered: the second run must find that answer.
    const { switchBack, published } = await harness((id, attempt) => (attempt === 1 ? id : null));
    await switchBack.run(cmd, trace);
    await expect(switchBack.run(cmd, trace)).resolves.toMatchObject({ ok: true });
    expect(published).toEqual(['demo-0000000001abcdef.switch-back.1', 'demo-0000000001abcdef.switch-back.1']);
  });

  it('gives up with SwitchBackTimeoutError, ignoring results of other commands', async () => {
    const { switchBack, published } = await harness(() => 'someone-elses-command');
    await expect(switchBack.run(cmd, trace)).rejects.toBeInstanceOf(SwitchBackTimeoutError);
    expect(published).toHaveLength(3);
  });
});
