import { request, type Agent, type IncomingMessage } from 'node:http';

/** Where the Engine listens, as `node:http` takes it. */
export type EngineAddress = { socketPath: string } | { host: string; port: number };

/** The API version asked for: Docker 20.10's, which later Engines and podman's compatible API still serve. */
export const engineApiPrefix = '/v1.41';

/**
 * An Engine refusal, shaped as dockerode's (`statusCode`, `json`) so the same
 * error helpers (`engineStatusOf`, `engineMessageOf`) read both.
 */
export class EngineResponseError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: unknown,
    method: string,
    path: string,
  ) {
    const message = (json as { message?: unknown } | null)?.message;
    super(`(HTTP code ${statusCode}) ${method} ${path}${typeof message === 'string' ? ` - ${message}` : ''}`);
    this.name = 'EngineResponseError';
  }
}

export interface RequestProgress {
  /** The answer's headers arrived (a wait's headers mean the Engine registered the wait). */
  onHeaders?: () => void;
  /** Extra request headers (`X-Registry-Auth`). */
  headers?: Record<string, string>;
}

/** One Engine API call with an optional JSON body; resolves with the parsed JSON answer (or undefined when empty). */
export function engineJsonRequest(
  address: EngineAddress,
  agent: Agent,
  method: string,
  path: string,
  body?: object,
  progress: RequestProgress = {},
): Promise<unknown> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const outgoing = request({
      ...address,
      agent,
      method,
      path: `${engineApiPrefix}${path}`,
      headers: {
        ...progress.headers,
        ...(payload === undefined ? {} : { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(payload) }),
      },
    });
    outgoing.once('error', reject);
    outgoing.once('response', (response) => {
      progress.onHeaders?.();
      readJson(response).then((json) => {
        const status = response.statusCode ?? 0;
        if (status >= 200 && status < 300) resolve(json);
        else reject(new EngineResponseError(status, json, method, path));
      }, reject);
    });
    outgoing.end(payload);
  });
}

async function readJson(response: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of response) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Some refusals come as plain text (a proxy in between): keep it as the message.
    return { message: text };
  }
}
