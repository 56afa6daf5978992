import { tokenStore } from './token-store.js';

/** An answer other than 2xx, with the agent's error body (code, message, hint) when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  const token = tokenStore.get();
  return token === undefined ? extra : { ...extra, authorization: `Bearer ${token}` };
}

async function failure(response: Response): Promise<ApiError> {
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string; hint?: string } };
    return new ApiError(response.status, body.error?.code ?? 'http_error', body.error?.message ?? response.statusText, body.error?.hint);
  } catch {
    return new ApiError(response.status, 'http_error', `${response.status} ${response.statusText}`);
  }
}

export async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, { headers: headers(), ...(signal ? { signal } : {}) });
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export async function getText(path: string): Promise<string> {
  const response = await fetch(path, { headers: headers() });
  if (!response.ok) throw await failure(response);
  return response.text();
}

/** An action (pin, collect): always sent with the token. */
export async function act<T>(method: 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  return (await response.json()) as T;
}

export interface StreamHandlers {
  onEvent(event: string, data: unknown): void;
  onEnd(error?: unknown): void;
}

/**
 * Follows a Server-Sent Events stream with fetch rather than EventSource, because
 * EventSource cannot send an Authorization header and the token must not go in the URL.
 */
export function followStream(path: string, handlers: StreamHandlers): () => void {
  const controller = new AbortController();
  void (async () => {
    try {
      const response = await fetch(path, { headers: headers({ accept: 'text/event-stream' }), signal: controller.signal });
      if (!response.ok || response.body === null) throw await failure(response);
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf('\n\n')) !== -1) {
          dispatch(buffer.slice(0, end), handlers);
          buffer = buffer.slice(end + 2);
        }
      }
      handlers.onEnd();
    } catch (error) {
      if (!controller.signal.aborted) handlers.onEnd(error);
    }
  })();
  return () => controller.abort();
}

function dispatch(block: string, handlers: StreamHandlers): void {
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length > 0) handlers.onEvent(event, JSON.parse(data.join('\n')));
}
