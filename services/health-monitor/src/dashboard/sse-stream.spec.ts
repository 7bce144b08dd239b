import { EventEmitter } from 'node:events';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { SseStream } from './sse-stream';

/** Just enough of a response to see what the stream writes. */
class FakeResponse {
  status = 0;
  headers: Record<string, string> = {};
  written = '';
  writableEnded = false;
  writeHead(status: number, headers: Record<string, string>) {
    this.status = status;
    this.headers = headers;
  }
  write(chunk: string) {
    if (this.writableEnded) throw new Error('write after end');
    this.written += chunk;
  }
  end() {
    this.writableEnded = true;
  }
}

describe('SseStream', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const open = (heartbeatMs = 15_000) => {
    const req = new EventEmitter();
    const res = new FakeResponse();
    const stream = new SseStream(req as IncomingMessage, res as unknown as ServerResponse, heartbeatMs);
    return { req, res, stream };
  };

  it('sends events as data lines and a heartbeat comment every interval', () => {
    const { res, stream } = open();
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/event-stream/);
    stream.send({ kind: 'switch', text: 'a\nb' });
    expect(res.written).toContain('data: {"kind":"switch","text":"a\\nb"}\n\n');
    expect(res.written).not.toContain(': heartbeat');
    jest.advanceTimersByTime(15_000);
    expect(res.written.match(/: heartbeat\n\n/g)).toHaveLength(1);
    jest.advanceTimersByTime(30_000);
    expect(res.written.match(/: heartbeat\n\n/g)).toHaveLength(3);
    stream.close();
  });

  it('closes once when the client goes away: no more heartbeats, close callbacks run', () => {
    const { req, res, stream } = open(1000);
    const closed = jest.fn();
    stream.whenClosed(closed);
    req.emit('close');
    req.emit('close');
    expect(closed).toHaveBeenCalledTimes(1);
    expect(res.writableEnded).toBe(true);
    jest.advanceTimersByTime(5000);
    stream.send({ late: true });
    expect(res.written).not.toContain('late');
    expect(res.written).not.toContain('heartbeat');
  });

  it('ends the response when the server closes it, and reports it to late listeners', () => {
    const { res, stream } = open();
    stream.close();
    expect(res.writableEnded).toBe(true);
    const late = jest.fn();
    stream.whenClosed(late);
    expect(late).toHaveBeenCalledTimes(1);
  });
});
