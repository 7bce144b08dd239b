// The open pages: each gets every feed event until it goes away; all are ended before the
// HTTP server closes, or an open stream would hold shutdown up.
import { Inject, Injectable, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DASHBOARD_FEED } from './dashboard.constants';
import type { DashboardFeed } from './dashboard-feed';
import { SseStream } from './sse-stream';

@Injectable()
export class DashboardStreams implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly open = new Set<SseStream>();

  constructor(@Inject(DASHBOARD_FEED) private readonly feed: DashboardFeed) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.feed.start();
  }

  attach(req: IncomingMessage, res: ServerResponse): void {
    const stream = new SseStream(req, res);
    this.open.add(stream);
    const unlisten = this.feed.listen((event) => stream.send(event));
    stream.whenClosed(() => {
      unlisten();
      this.open.delete(stream);
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    [...this.open].forEach((s) => s.close());
    await this.feed.stop();
  }
}
