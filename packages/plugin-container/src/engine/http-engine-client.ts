import { Agent, request } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { engineApiPrefix, engineJsonRequest, EngineResponseError, type EngineAddress } from './engine-http-request.js';
import type { LaunchEngineClient, ListedContainer, LocalImageIdentity, StandbyEngineOperations } from './launch-engine-client.js';

/**
 * The launch's Engine calls over `node:http` (Engine API v1.41): create, attach,
 * start, wait, kill, remove, list. Loading it costs next to nothing, where
 * dockerode costs about 100 ms of every `rtenv run` in an image.
 */
export class HttpEngineClient implements LaunchEngineClient {
  readonly #address: EngineAddress;
  // Keep-alive: create, start and remove reuse one connection; idle sockets do not keep the process alive.
  readonly #agent = new Agent({ keepAlive: true });

  constructor(address: EngineAddress) {
    this.#address = address;
  }

  readonly standby: StandbyEngineOperations = {
    inspectImageEntrypoint: async (image) => {
      const inspected = (await engineJsonRequest(this.#address, this.#agent, 'GET', `/images/${encodeURIComponent(image)}/json`)) as {
        Id: string;
        Config?: { Entrypoint?: string[] | null };
      };
      return { id: inspected.Id, entrypoint: inspected.Config?.Entrypoint ?? [] };
    },
  };

  async createContainer(body: object, name?: string): Promise<string> {
    const path = name === undefined ? '/containers/create' : `/containers/create?name=${encodeURIComponent(name)}`;
    const created = (await engineJsonRequest(this.#address, this.#agent, 'POST', path, body)) as { Id: string };
    return created.Id;
  }

  attach(containerId: string, options: { stdin: boolean }): Promise<Duplex> {
    const path = `/containers/${encodeURIComponent(containerId)}/attach?stream=1&stdout=1&stderr=1&stdin=${options.stdin ? 1 : 0}`;
    return new Promise((resolve, reject) => {
      // An upgraded connection is the Engine's raw stream in both directions; it never goes back to the agent.
      const outgoing = request({
        ...this.#address,
        agent: false,
        method: 'POST',
        path: `${engineApiPrefix}${path}`,
        headers: { Connection: 'Upgrade', Upgrade: 'tcp' },
      });
      outgoing.once('error', reject);
      outgoing.once('upgrade', (_response, socket: Socket, head: Buffer) => {
        if (head.length > 0) socket.unshift(head);
        resolve(socket);
      });
      outgoing.once('response', (response) => {
        // An Engine that does not upgrade answers an error here (or, if old, streams in the body: read-only then).
        if ((response.statusCode ?? 0) >= 300) {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.once('end', () =>
            reject(new EngineResponseError(response.statusCode ?? 0, parseMessage(Buffer.concat(chunks).toString('utf8')), 'POST', path)),
          );
          return;
        }
        resolve(response.socket as Socket);
      });
      outgoing.end();
    });
  }

  async start(containerId: string): Promise<void> {
    await engineJsonRequest(this.#address, this.#agent, 'POST', `/containers/${encodeURIComponent(containerId)}/start`);
  }

  async wait(containerId: string, onWaiting?: () => void): Promise<number> {
    // Its own connection: the wait lasts as long as the command, the agent's sockets serve the calls meanwhile (kill).
    // The Engine sends the headers once the wait is registered.
    const waited = (await engineJsonRequest(
      this.#address,
      new Agent({ keepAlive: false }),
      'POST',
      `/containers/${encodeURIComponent(containerId)}/wait`,
      undefined,
      { onHeaders: onWaiting },
    )) as {
      StatusCode: number;
    };
    return waited.StatusCode;
  }

  async kill(containerId: string, signal: string): Promise<void> {
    await engineJsonRequest(this.#address, this.#agent, 'POST', `/containers/${encodeURIComponent(containerId)}/kill?signal=${encodeURIComponent(signal)}`);
  }

  async remove(containerId: string): Promise<void> {
    await engineJsonRequest(this.#address, this.#agent, 'DELETE', `/containers/${encodeURIComponent(containerId)}?force=1`);
  }

  async inspectImage(image: string): Promise<LocalImageIdentity | undefined> {
    try {
      return (await engineJsonRequest(this.#address, this.#agent, 'GET', `/images/${encodeURIComponent(image)}/json`)) as LocalImageIdentity;
    } catch (error) {
      if (error instanceof EngineResponseError && error.statusCode === 404) return undefined;
      throw error;
    }
  }

  async registryDigest(image: string, auth: object | undefined): Promise<string | undefined> {
    // The Engine's X-Registry-Auth: the JSON auth config in URL-safe base64 with its padding (Go's base64.URLEncoding), as the docker CLI sends it.
    const headers =
      auth === undefined ? undefined : { 'X-Registry-Auth': Buffer.from(JSON.stringify(auth)).toString('base64').replace(/\+/g, '-').replace(/\//g, '_') };
    const answer = (await engineJsonRequest(
      this.#address,
      this.#agent,
      'GET',
      `/distribution/${encodeURIComponent(image)}/json`,
      undefined,
      headers ? { headers } : {},
    )) as {
      Descriptor?: { digest?: string };
    };
    return answer.Descriptor?.digest;
  }

  async listContainers(labelFilters: readonly string[]): Promise<ListedContainer[]> {
    const filters = encodeURIComponent(JSON.stringify({ label: labelFilters }));
    return (await engineJsonRequest(this.#address, this.#agent, 'GET', `/containers/json?all=1&filters=${filters}`)) as ListedContainer[];
  }
}

function parseMessage(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { message: text.trim() };
  }
}
