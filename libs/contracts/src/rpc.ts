// Replies to request-reply subjects share one shape: either data or a coded error.
export type RpcReply<T> = { ok: true; data: T } | { ok: false; error: { code: string; message: string } };

export const rpcOk = <T>(data: T): RpcReply<T> => ({ ok: true, data });
export const rpcError = (code: string, message: string): RpcReply<never> => ({ ok: false, error: { code, message } });
