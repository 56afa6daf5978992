import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { AgentRequestError, AgentUnreachableError } from './agent-request-error.js';
import type { ErrorBody } from './wire-types.js';

export interface TransportOptions {
  /** `http://127.0.0.1:7071`; a path after the host is ignored. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string;
  /** Simultaneous sockets to the agent (default 32). */
  maxSockets?: number;
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Readable;
}

/**
 * A keep-alive HTTP/1.1 connection pool to one agent. Node's `http` is used
 * directly because the agent's cached path is sub-millisecond and `fetch`'s
 * per-request overhead would dominate it.
 */
export class HttpTransport {
  readonly baseUrl: URL;
  private readonly agent: http.Agent;
  private readonly requestModule: typeof http | typeof https;
  private readonly authorization: string | undefined;

  constructor(options: TransportOptions) {
    this.baseUrl = parseAgentUrl(options.url);
    const secure = this.baseUrl.protocol === 'https:';
    this.requestModule = secure ? https : http;
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 32 };
    this.agent = secure ? new https.Agent(agentOptions) : new http.Agent(agentOptions);
    this.authorization = options.token === undefined ? undefined : `Bearer ${options.token}`;
  }

  /** Sends a request and returns the raw streaming response (for SSE and logs). */
  send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<RawResponse> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    if (this.authorization !== undefined) headers.authorization = this.authorization;
    return new Promise((resolve, reject) => {
      const request = this.requestModule.request(
        { host: this.baseUrl.hostname, port: this.baseUrl.port, method, path, headers, agent: this.agent, signal },
        (response) => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: response }),
      );
      request.on('error', (error: NodeJS.ErrnoException) => {
        if (error.name === 'AbortError') reject(error);
        else reject(new AgentUnreachableError(this.baseUrl.origin, error.code ?? error.message));
      });
      request.end(payload);
    });
  }

  /** Sends a request and parses the JSON answer; an error status becomes `AgentRequestError`. */
  async json<Result>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<{ status: number; body: Result }> {
    const response = await this.send(method, path, body, signal);
    const text = await readAll(response.body);
    let parsed: unknown;
    try {
      parsed = text.length === 0 ? undefined : JSON.parse(text);
    } catch {
      throw new AgentUnreachableError(this.baseUrl.origin, `${method} ${path} answered ${response.status} with a body that is not JSON`);
    }
    if (response.status >= 400) throw toRequestError(response.status, method, path, parsed);
    return { status: response.status, body: parsed as Result };
  }

  /** Reads a whole text body; an error status becomes `AgentRequestError`. */
  async text(method: string, path: string): Promise<string> {
    const response = await this.send(method, path);
    const text = await readAll(response.body);
    if (response.status >= 400) throw toRequestError(response.status, method, path, safeParse(text));
    return text;
  }

  close(): void {
    this.agent.destroy();
  }
}

export function toRequestError(status: number, method: string, path: string, parsed: unknown): AgentRequestError {
  const details = (parsed as ErrorBody | undefined)?.error;
  if (details && typeof details.code === 'string' && typeof details.message === 'string') {
    return new AgentRequestError(status, method, path, details);
  }
  return new AgentRequestError(status, method, path, { code: `http_${status}`, message: 'the agent gave no error details' });
}

export async function readAll(stream: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function parseAgentUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AgentUnreachableError(url, 'not a URL; expected something like http://127.0.0.1:7071');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new AgentUnreachableError(url, `unsupported scheme "${parsed.protocol}"; use http: or https:`);
  }
  return parsed;
}
