import { ColorPool } from './color-pool';

const a = { host: '127.0.0.1', port: 1001 };
const b = { host: '127.0.0.1', port: 1002 };
const c = { host: '127.0.0.1', port: 1003 };

describe('ColorPool', () => {
  it('has nothing to lease without endpoints', () => {
    expect(new ColorPool().lease()).toBeNull();
  });

  it('hands out endpoints round-robin and starts over when they change', () => {
    const pool = new ColorPool();
    pool.setEndpoints([a, b, c]);
    const ports = () => pool.lease()!.endpoint.port;
    expect([ports(), ports(), ports(), ports()]).toEqual([1001, 1002, 1003, 1001]);
    pool.setEndpoints([b, c]);
    expect([ports(), ports(), ports()]).toEqual([1002, 1003, 1002]);
  });

  it('destroys a retired agent only when its last request is released', () => {
    const pool = new ColorPool();
    pool.setEndpoints([a]);
    const first = pool.lease()!;
    const second = pool.lease()!;
    const destroy = jest.spyOn(first.upstream.agent, 'destroy');

    pool.retire();
    first.release();
    first.release();
    expect(destroy).not.toHaveBeenCalled();
    second.release();
    expect(destroy).toHaveBeenCalledTimes(1);
  });

  it('gives requests after a retire a fresh agent', () => {
    const pool = new ColorPool();
    pool.setEndpoints([a]);
    const before = pool.lease()!;
    pool.retire();
    const after = pool.lease()!;
    expect(after.upstream).not.toBe(before.upstream);
    expect(pool.lease()!.upstream).toBe(after.upstream);
  });

  it('keeps its agent when the same endpoints are set again, and retires it when they change', () => {
    const pool = new ColorPool();
    pool.setEndpoints([a, b]);
    const first = pool.lease()!.upstream;
    pool.setEndpoints([{ ...a }, { ...b }]);
    expect(pool.lease()!.upstream).toBe(first);
    pool.setEndpoints([a]);
    expect(pool.lease()!.upstream).not.toBe(first);
  });

  it('destroys every agent on destroy(), busy or retired', () => {
    const pool = new ColorPool();
    pool.setEndpoints([a]);
    const old = pool.lease()!;
    pool.retire();
    const current = pool.lease()!;
    const spies = [jest.spyOn(old.upstream.agent, 'destroy'), jest.spyOn(current.upstream.agent, 'destroy')];
    pool.destroy();
    spies.forEach((s) => expect(s).toHaveBeenCalled());
  });
});
