import type { Invoke, Method, RequestOf, ResponseOf } from '../../../shared/api/contract';
import { ErrorCode, type ApiError, type Result } from '../../../shared/api/result';

interface Bridge {
  invoke(method: string, request: unknown): Promise<unknown>;
  pathForFile?(file: File): string;
}

declare global {
  interface Window {
    workbench?: Bridge;
  }
}

/** Browser mode: the token arrives once in the URL, moves to session storage and leaves the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem('workbench.token', fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.toString());
    return fromUrl;
  }
  return sessionStorage.getItem('workbench.token') ?? '';
}

function httpInvoke(): Invoke {
  const token = takeToken();
  return async (method, request) => {
    try {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify(request ?? {}),
      });
      return (await res.json()) as never;
    } catch (err) {
      return { ok: false, error: { code: ErrorCode.Internal, message: `The workbench host is not reachable (${String(err)}).` } } as never;
    }
  };
}

export const invoke: Invoke = window.workbench ? (method, request) => window.workbench!.invoke(method, request) as never : httpInvoke();

export const isDesktop = Boolean(window.workbench);

export function pathForFile(file: File): string | null {
  return window.workbench?.pathForFile?.(file) ?? null;
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

/** Calls a method and throws its error as an exception, for code that prefers try/catch. */
export async function call<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
  const r = (await invoke(method, request)) as Result<ResponseOf<M>>;
  if (!r.ok) throw new ApiCallError(r.error);
  return r.value;
}
