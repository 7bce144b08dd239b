import { endToEndHeaders, hasNoBody, upstreamRequestHeaders } from './headers';

describe('headers', () => {
  it('drops hop-by-hop headers and those the Connection header names', () => {
    const out = endToEndHeaders({
      connection: 'keep-alive, X-Trace-Hop',
      'keep-alive': 'timeout=5',
      'transfer-encoding': 'chunked',
      'x-trace-hop': '1',
      'content-type': 'text/plain',
      'set-cookie': ['a=1', 'b=2'],
    });
    expect(out).toEqual({ 'content-type': 'text/plain', 'set-cookie': ['a=1', 'b=2'] });
  });

  it('tells the upstream who asked, appending to an existing x-forwarded-for', () => {
    expect(upstreamRequestHeaders({ host: 'shop.local' }, '10.0.0.9')).toMatchObject({
      host: 'shop.local',
      'x-forwarded-for': '10.0.0.9',
      'x-forwarded-host': 'shop.local',
      'x-forwarded-proto': 'http',
    });
    expect(upstreamRequestHeaders({ 'x-forwarded-for': '1.2.3.4', 'x-forwarded-proto': 'https' }, '10.0.0.9')).toMatchObject({
      'x-forwarded-for': '1.2.3.4, 10.0.0.9',
      'x-forwarded-proto': 'https',
    });
  });

  it('knows a request has no body from its framing headers', () => {
    expect(hasNoBody({})).toBe(true);
    expect(hasNoBody({ 'content-length': '0' })).toBe(true);
    expect(hasNoBody({ 'content-length': '12' })).toBe(false);
    expect(hasNoBody({ 'transfer-encoding': 'chunked' })).toBe(false);
  });
});
