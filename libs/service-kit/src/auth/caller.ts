// Who made an authenticated request, for whatever the request records (who approved, who
// rolled back): the guard puts the caller on the request, this decorator takes it off. A
// name in the body is only a claim; the token is who it really was.
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { IncomingMessage } from 'node:http';
import type { ApiCaller } from './api-auth';

const CALLER = Symbol('CutoverApiCaller');

type WithCaller = IncomingMessage & { [CALLER]?: ApiCaller };

export function attachCaller(req: IncomingMessage, caller: ApiCaller): void {
  (req as WithCaller)[CALLER] = caller;
}

/** The caller's token name; null when authentication is off. */
export const CallerName = createParamDecorator((_data: unknown, context: ExecutionContext): string | null => {
  return context.switchToHttp().getRequest<WithCaller>()[CALLER]?.name ?? null;
});
