import { RuntimeEnvError, type JsonObject } from '@runtime-env/plugin-api';
import { AgentRequestError } from './agent-request-error.js';
import { HttpTransport, readAll, toRequestError, type TransportOptions } from './http-transport.js';
import { readServerSentEvents } from './server-sent-events.js';
import {
  API_PREFIX,
  type CreateEnvironmentRequest,
  type EnvironmentErrorView,
  type EnvironmentStreamEvent,
  type EnvironmentView,
  type GcRequest,
  type GcResponse,
  type HealthResponse,
  type ListEnvironmentsQuery,
  type ListEnvironmentsResponse,
  type PendingEnvironmentResponse,
  type PrewarmResponse,
  type ReadyEnvironmentResponse,
  type ReleaseResponse,
  type RemoveResponse,
} from './wire-types.js';

export type AgentClientOptions = TransportOptions;

/** A typed client for every endpoint of the agent's `/v1` API. */
export class AgentClient {
  private readonly transport: HttpTransport;

  constructor(options: AgentClientOptions) {
    this.transport = new HttpTransport(options);
  }

  get url(): string {
    return this.transport.baseUrl.origin;
  }

  /** Creates the environment (or finds it cached), adds `owner`'s reference, and waits until it is ready. */
  async getOrCreate(request: Omit<CreateEnvironmentRequest, 'wait'>, signal?: AbortSignal): Promise<ReadyEnvironmentResponse> {
    const response = await this.transport.json<ReadyEnvironmentResponse>('POST', `${API_PREFIX}/envs`, { ...withCallersFolder(request), wait: true }, signal);
    return response.body;
  }

  /** Like `getOrCreate`, but returns at once while the environment is still being created. */
  async startCreating(request: Omit<CreateEnvironmentRequest, 'wait'>): Promise<ReadyEnvironmentResponse | PendingEnvironmentResponse> {
    const response = await this.transport.json<ReadyEnvironmentResponse | PendingEnvironmentResponse>('POST', `${API_PREFIX}/envs`, {
      ...withCallersFolder(request),
      wait: false,
    });
    return response.body;
  }

  /**
   * Creates the environment and yields its progress while it is built; the last
   * value is the ready environment. Throws the creation's error if it fails.
   */
  async *getOrCreateWithProgress(
    request: Omit<CreateEnvironmentRequest, 'wait'>,
    signal?: AbortSignal,
  ): AsyncGenerator<EnvironmentStreamEvent | { type: 'ready'; data: ReadyEnvironmentResponse }> {
    const started = await this.startCreating(request);
    if (!('context' in started)) {
      for await (const event of this.events(started.environment.id, signal)) {
        yield event;
        if (event.type !== 'state' || event.data.state === 'creating') continue;
        // Thrown as it happened: asking again would answer it as a cached failure.
        if (event.data.state === 'failed' && event.data.error) throw creationFailure(started.environment.id, event.data.error);
        break;
      }
    }
    // The reference is already held; asking again returns the cached context (never a new attempt).
    yield { type: 'ready', data: 'context' in started ? started : await this.getOrCreate({ ...request, retry: false }, signal) };
  }

  async getEnvironment(environmentId: string): Promise<EnvironmentView> {
    return (await this.transport.json<EnvironmentView>('GET', environmentPath(environmentId))).body;
  }

  async listEnvironments(query: ListEnvironmentsQuery = {}): Promise<ListEnvironmentsResponse> {
    const parameters = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) if (value !== undefined) parameters.set(key, String(value));
    const search = parameters.size > 0 ? `?${parameters.toString()}` : '';
    return (await this.transport.json<ListEnvironmentsResponse>('GET', `${API_PREFIX}/envs${search}`)).body;
  }

  /** Every environment matching the filter, following the pages. */
  async *allEnvironments(query: Omit<ListEnvironmentsQuery, 'cursor'> = {}): AsyncGenerator<EnvironmentView> {
    let cursor: string | undefined;
    do {
      const page = await this.listEnvironments({ ...query, ...(cursor === undefined ? {} : { cursor }) });
      yield* page.items;
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }

  /**
   * The environment's live progress. Ends after the `state` event that says it is
   * `ready` or `failed` (at once when it already is).
   */
  async *events(environmentId: string, signal?: AbortSignal): AsyncGenerator<EnvironmentStreamEvent> {
    const path = `${environmentPath(environmentId)}/events`;
    const response = await this.transport.send('GET', path, undefined, signal);
    if (response.status >= 400) {
      const text = await readAll(response.body);
      throw toRequestError(response.status, 'GET', path, parseOrUndefined(text));
    }
    try {
      for await (const event of readServerSentEvents(response.body)) {
        if (event.event !== 'progress' && event.event !== 'state') continue;
        yield { type: event.event, data: JSON.parse(event.data) } as EnvironmentStreamEvent;
      }
    } finally {
      response.body.destroy();
    }
  }

  /** The environment's setup log (every plugin's output while it was created). */
  async readLog(environmentId: string): Promise<string> {
    return this.transport.text('GET', `${environmentPath(environmentId)}/log`);
  }

  async release(environmentId: string, owner: string): Promise<ReleaseResponse> {
    return (await this.transport.json<ReleaseResponse>('DELETE', referencePath(environmentId, owner))).body;
  }

  async renewLease(environmentId: string, owner: string, leaseSeconds: number): Promise<void> {
    await this.transport.json('PUT', referencePath(environmentId, owner), { leaseSeconds });
  }

  async pin(environmentId: string): Promise<void> {
    await this.transport.json('PUT', `${environmentPath(environmentId)}/pin`);
  }

  async unpin(environmentId: string): Promise<void> {
    await this.transport.json('DELETE', `${environmentPath(environmentId)}/pin`);
  }

  async remove(environmentId: string, options: { force?: boolean } = {}): Promise<RemoveResponse> {
    const search = options.force ? '?force=true' : '';
    return (await this.transport.json<RemoveResponse>('DELETE', `${environmentPath(environmentId)}${search}`)).body;
  }

  async gc(request: GcRequest = {}): Promise<GcResponse> {
    return (await this.transport.json<GcResponse>('POST', `${API_PREFIX}/gc`, request)).body;
  }

  /** Creates each environment ahead of time and pins it. */
  async prewarm(environments: JsonObject[], owner?: string): Promise<PrewarmResponse> {
    return (await this.transport.json<PrewarmResponse>('POST', `${API_PREFIX}/prewarm`, owner === undefined ? { environments } : { environments, owner })).body;
  }

  async health(): Promise<HealthResponse> {
    return (await this.transport.json<HealthResponse>('GET', '/healthz')).body;
  }

  /** The Prometheus text exposition. */
  async metrics(): Promise<string> {
    return this.transport.text('GET', '/metrics');
  }

  /** Closes the pooled connections. */
  close(): void {
    this.transport.close();
  }
}

/** A creation's failure seen on `/events`, as the agent answers it to `POST /v1/envs`. */
function creationFailure(environmentId: string, error: EnvironmentErrorView): AgentRequestError {
  const { failedAt: _failedAt, ...details } = error;
  return new AgentRequestError(error.code === 'cancelled' ? 503 : 422, 'POST', `${API_PREFIX}/envs`, { ...details, environmentId });
}

/** Relative local paths in a document mean the caller's folder, as they do for a local `rtenv run`. */
function withCallersFolder<Request extends { baseDirectory?: string }>(request: Request): Request {
  return request.baseDirectory === undefined ? { ...request, baseDirectory: process.cwd() } : request;
}

function environmentPath(environmentId: string): string {
  if (environmentId.length === 0)
    throw new RuntimeEnvError('invalid_argument', 'an environment id is required', { hint: 'list environments with `rtenv ls --agent URL`' });
  return `${API_PREFIX}/envs/${encodeURIComponent(environmentId)}`;
}

function referencePath(environmentId: string, owner: string): string {
  return `${environmentPath(environmentId)}/references/${encodeURIComponent(owner)}`;
}

function parseOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
