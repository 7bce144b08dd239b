// Issue 6, item 9, CI-sized: 30 deployments back to back with faults mixed in (bench/soak.ts,
// which `npm run bench:soak` runs at 200 for bench/RESULTS.md). Nothing leaks: file
// descriptors come back to their warm-up level, no demo-app process outlives its color, and
// every deployment ends as its faults say. Memory gets a generous bound only: resident size
// read from outside moves with the garbage collector; the real figures are in RESULTS.md.
import { growth, runSoak, type SoakResult } from '../bench/soak';

const COMPONENTS = ['orchestrator', 'health-monitor', 'switcher', 'rollback', 'runtime-agent'];
/** Connections in flight when sampled (probes, HTTP keep-alive) come and go. */
const FD_MARGIN = 8;
const RSS_GROWTH_MIB = 64;

let result: SoakResult;

beforeAll(async () => {
  result = await runSoak({ deployments: 30, sampleEvery: 10, instances: 1, progress: (line) => process.stderr.write(`soak: ${line}\n`) });
  process.stderr.write(`soak: ${result.verdicts.length} deployments in ${Math.round(result.durationMs / 1000)} s\n`);
}, 6 * 60_000);

describe('soak: 30 deployments back to back with faults', () => {
  it('ends every deployment as its faults say', () => {
    expect(result.verdicts).toHaveLength(30);
    expect(result.verdicts.filter((v) => v.phase !== v.expected)).toEqual([]);
    expect(new Set(result.verdicts.map((v) => v.expected))).toEqual(new Set(['Succeeded', 'Failed', 'RolledBack']));
  });

  it('leaves only the live colors running once settled, and nothing after stop', () => {
    const settled = result.samples[result.samples.length - 1]!;
    expect(settled.after).toBe('settled');
    expect(settled.apps).toBe(result.expectedApps);
    expect(settled.processes['runtime-agent']!.children).toBe(result.expectedApps);
    expect(result.appsAfterStop).toBe(0);
  });

  it('starts no other processes from Cutover', () => {
    const others = result.samples.flatMap((s) =>
      COMPONENTS.filter((n) => n !== 'runtime-agent' && s.processes[n]!.children > 0).map((n) => `${n} after ${s.after}`),
    );
    expect(others).toEqual([]);
  });

  it('gives back file descriptors: each process ends within a few of its warm-up count', () => {
    const grown = [...COMPONENTS, 'nats-server']
      .map((name) => ({ name, ...growth(result, name, 'fds') }))
      .filter((f) => f.end > f.warm + FD_MARGIN);
    expect(grown).toEqual([]);
  });

  it(`keeps resident memory within ${RSS_GROWTH_MIB} MiB of warm-up in every process`, () => {
    const grown = COMPONENTS.map((name) => ({ name, ...growth(result, name, 'rssMiB') })).filter((f) => f.end > f.warm + RSS_GROWTH_MIB);
    expect(grown).toEqual([]);
  });
});
