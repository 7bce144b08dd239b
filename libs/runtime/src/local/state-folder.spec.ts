import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RuntimeStateError } from '../errors';
import { StateFolder, type EnvironmentRecord } from './state-folder';

const record = (color: 'blue' | 'green', stderrFile: string): EnvironmentRecord => ({
  release: { service: 'shop', color, version: '1.0.0', env: { A: '1' } },
  state: {
    service: 'shop',
    color,
    version: '1.0.0',
    specHash: 'aaaaaaaaaaaaaaaa',
    status: 'ready',
    reason: 'Ready',
    message: 'ready',
    endpoints: [{ host: '127.0.0.1', port: 4001 }],
    exits: [],
    updatedAt: '2026-01-01T00:00:00.000Z',
  },
  instances: [{ index: 0, pid: 4242, port: 4001, startedAt: '2026-01-01T00:00:00.000Z', startTime: '1952673', stderrFile }],
  retiring: [],
});

describe('StateFolder', () => {
  let dir: string;
  let folder: StateFolder;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cutover-state-spec-'));
    folder = new StateFolder(join(dir, 'state'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back what it wrote, one file per environment, and forgets a removed one', () => {
    folder.write(record('blue', 'b.stderr'));
    folder.write(record('green', 'g.stderr'));
    folder.remove('shop', 'green');
    expect(folder.read(() => undefined)).toEqual([record('blue', 'b.stderr')]);
    expect(readdirSync(folder.dir)).toEqual(['shop.blue.state.json']);
  });

  it('reports and deletes a file that is not a record', () => {
    writeFileSync(folder.path('shop.blue.state.json'), JSON.stringify({ ...record('blue', 'b.stderr'), instances: [{ pid: 'x' }] }));
    const errors: RuntimeStateError[] = [];
    expect(folder.read((e) => errors.push(e))).toEqual([]);
    expect(errors).toEqual([expect.any(RuntimeStateError)]);
    expect(readdirSync(folder.dir)).toEqual([]);
  });

  it('sweeps stderr and temporary files nobody names', () => {
    for (const f of ['kept.stderr', 'old.stderr', 'x.state.json.1.tmp']) writeFileSync(folder.path(f), '');
    folder.sweep(new Set(['kept.stderr']));
    expect(readdirSync(folder.dir)).toEqual(['kept.stderr']);
  });

  it('gives every instance a stderr file of its own', () => {
    expect(folder.stderrFile('shop', 'blue', 0)).not.toEqual(folder.stderrFile('shop', 'blue', 0));
  });
});
