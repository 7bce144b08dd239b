// The Prober of the watch set: one probe of one instance, of the kind the policy names.
import type { Endpoint, HttpProbe, ProbeResult } from '@cutover/contracts';
import type { Clock } from '@cutover/core';
import type { Prober } from '../monitor/watch-set';
import { HttpProber } from './http-prober';
import { TcpProber } from './tcp-prober';

export class EndpointProber implements Prober {
  private readonly http: HttpProber;
  private readonly tcp: TcpProber;

  constructor(clock: Clock) {
    this.http = new HttpProber(clock);
    this.tcp = new TcpProber(clock);
  }

  probe(endpoint: Endpoint, spec: HttpProbe): Promise<ProbeResult> {
    return spec.kind === 'tcp' ? this.tcp.probe(endpoint, spec) : this.http.probe(endpoint, spec);
  }

  close(): void {
    this.http.close();
  }
}
