import { BaseRpcContext } from '@nestjs/microservices';
import type { MessageContext } from '../api';

/** What `@Ctx()` gives a handler bound by CutoverTransport. */
export class CutoverContext extends BaseRpcContext<[MessageContext]> {
  getSubject(): string {
    return this.args[0].subject;
  }

  getDeliveryCount(): number {
    return this.args[0].deliveryCount;
  }

  getHeaders(): Record<string, string> {
    return this.args[0].headers;
  }
}
