/** A client whose answers are scripted per method, for store tests that run without a host or a DOM. */
import type { Method, RequestOf, ResponseOf } from '../../../shared/api/contract';
import { ErrorCode, ok, toApiError, type Result } from '../../../shared/api/result';
import type { Dataset } from '../../../shared/types';
import { createClient, type Client } from '../api/client';

/** One answer per method; throw a `WorkbenchError` to answer with an error envelope, as the host does. */
export type Script = { [M in Method]?: (request: RequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>> };

export interface ScriptedClient {
  client: Client;
  /** Every call made, in order. */
  calls: { method: Method; request: unknown }[];
}

export function scriptedClient(script: Script): ScriptedClient {
  const calls: ScriptedClient['calls'] = [];
  const invoke = async <M extends Method>(method: M, request: RequestOf<M>): Promise<Result<ResponseOf<M>>> => {
    calls.push({ method, request });
    const answer = script[method] as ((r: RequestOf<M>) => ResponseOf<M> | Promise<ResponseOf<M>>) | undefined;
    if (!answer) return { ok: false, error: { code: ErrorCode.NotFound, message: `No scripted answer for ${method}.` } };
    try {
      return ok(await answer(request));
    } catch (err) {
      return { ok: false, error: toApiError(err) };
    }
  };
  return { client: createClient(invoke), calls };
}

export function dataset(id: string, name = id): Dataset {
  return {
    id,
    name,
    sourcePath: `/data/${name}.csv`,
    format: 'csv',
    mode: 'view',
    options: {},
    columns: [{ name: 'x', type: 'INTEGER' }],
    rowCount: 3,
    fingerprint: `fp-${id}`,
    loadedAt: '2026-01-01T00:00:00.000Z',
    relation: name,
    dataPath: `/data/${name}.csv`,
  };
}
