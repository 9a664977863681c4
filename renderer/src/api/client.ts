import type { Invoke, Method, RequestOf, ResponseOf } from '../../../shared/api/contract';
import { ErrorCode, messageOf, type ApiError, type Result } from '../../../shared/api/result';

interface Bridge {
  invoke(method: string, request: unknown): Promise<unknown>;
  pathForFile?(file: File): string;
  onOpenFiles?(fn: (paths: string[]) => void): () => void;
  chooseSavePath?(defaultPath: string, extension: string): Promise<string | null>;
  showInFolder?(path: string): Promise<void>;
}

declare global {
  interface Window {
    workbench?: Bridge;
  }
}

/** What the store and the components talk to the services through. */
export interface Client {
  /** The raw transport: answers with the result envelope. */
  invoke: Invoke;
  /** Calls a method and throws its error as an `ApiCallError`, for code that prefers try/catch. */
  call<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>>;
}

export class ApiCallError extends Error {
  constructor(readonly error: ApiError) {
    super(error.message);
  }
}

export function createClient(invoke: Invoke): Client {
  return {
    invoke,
    async call<M extends Method>(method: M, request: RequestOf<M>): Promise<ResponseOf<M>> {
      const r = (await invoke(method, request)) as Result<ResponseOf<M>>;
      if (!r.ok) throw new ApiCallError(r.error);
      return r.value;
    },
  };
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
      return {
        ok: false,
        error: { code: ErrorCode.Internal, message: `The workbench host is not reachable (${messageOf(err)}).` },
      } as never;
    }
  };
}

/** The window's transport: the preload bridge in Electron, HTTP with the launch token in browser mode. */
export function windowInvoke(): Invoke {
  const bridge = window.workbench;
  return bridge ? (method, request) => bridge.invoke(method, request) as never : httpInvoke();
}

export const isDesktop = typeof window !== 'undefined' && Boolean(window.workbench);

export function pathForFile(file: File): string | null {
  return window.workbench?.pathForFile?.(file) ?? null;
}

/** Files the desktop app was asked to open (a second launch with files); nothing in browser mode. */
export function onOpenFiles(fn: (paths: string[]) => void): () => void {
  return window.workbench?.onOpenFiles?.(fn) ?? (() => {});
}

/** Shows a written file in the system's file manager (desktop app); null in browser mode, which shows the path instead. */
export function showInFolder(): ((path: string) => Promise<void>) | null {
  const show = window.workbench?.showInFolder;
  return show ? (path) => show(path) : null;
}
