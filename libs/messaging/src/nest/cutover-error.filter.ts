import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { CutoverError } from '@cutover/contracts';
import { throwError, type Observable } from 'rxjs';

/**
 * Nest's default RPC filter turns every unknown error into "Internal server error". Register
 * this one (`app.useGlobalFilters(new CutoverErrorFilter())`) so a CutoverError thrown by a
 * @MessagePattern handler reaches the caller with its code, e.g. RpcError('invalid_input').
 */
@Catch(CutoverError)
export class CutoverErrorFilter implements RpcExceptionFilter<CutoverError> {
  catch(err: CutoverError): Observable<never> {
    return throwError(() => ({ code: err.code, message: err.message }));
  }
}
