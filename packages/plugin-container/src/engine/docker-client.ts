import type Dockerode from 'dockerode';
import type { ContainerPluginOptions } from '../plugin-options.js';
import { DockerodeLaunchClient } from './dockerode-launch-client.js';
import type { EngineAddress } from './engine-http-request.js';
import { HttpEngineClient } from './http-engine-client.js';
import type { LaunchEngine, LaunchEngineClient } from './launch-engine-client.js';
import { loadDockerode } from './load-dockerode.js';
import { ContainerEngineTimeoutError, ContainerEngineUnavailableError, isEngineUnreachable } from './engine-errors.js';

/** A dockerode client, or a function making one from the plugin options (for tests and embedders). */
export type DockerClientSource = Dockerode | ((options: ContainerPluginOptions) => Dockerode | Promise<Dockerode>);

export interface ConnectedEngine {
  client: Dockerode;
  /** Where the client talks to, for error messages. */
  endpoint: string;
  /** Runs one Engine call with the configured timeout, turning connection failures into clear errors. */
  call<Result>(action: string, operation: () => Promise<Result>): Promise<Result>;
}

const defaultSocket = '/var/run/docker.sock';

/**
 * Gives hooks a client per endpoint. dockerode is imported only on first use, so
 * loading the plugin (for `rtenv plugins`, validation) does not load it.
 */
export class DockerClientProvider {
  readonly #source: DockerClientSource | undefined;
  readonly #clients = new Map<string, Promise<Dockerode>>();
  readonly #launchClients = new Map<string, LaunchEngineClient>();

  constructor(source?: DockerClientSource) {
    this.#source = source;
  }

  async connect(options: ContainerPluginOptions): Promise<ConnectedEngine> {
    const endpoint = endpointOf(options);
    let client = this.#clients.get(endpoint);
    if (!client) {
      client = this.#makeClient(endpoint, options);
      this.#clients.set(endpoint, client);
    }
    const resolved = await client;
    const timeoutMs = options.engineTimeoutSeconds * 1000;
    return {
      client: resolved,
      endpoint: this.#source ? `${endpoint} (injected client)` : endpoint,
      call: (action, operation) => callEngine(endpoint, action, timeoutMs, operation),
    };
  }

  /**
   * The client a launch uses: Node's `http` over the socket (or plain TCP), so a
   * launch does not import dockerode. An injected client, or an Engine over TLS,
   * goes through dockerode as every other call does.
   */
  async connectForLaunch(options: ContainerPluginOptions): Promise<LaunchEngine> {
    const endpoint = endpointOf(options);
    let client = this.#launchClients.get(endpoint);
    if (!client) {
      const plainAddress = this.#source ? undefined : plainAddressOf(connectionOptionsFor(endpoint));
      client = plainAddress ? new HttpEngineClient(plainAddress) : new DockerodeLaunchClient((await this.connect(options)).client);
      this.#launchClients.set(endpoint, client);
    }
    const timeoutMs = options.engineTimeoutSeconds * 1000;
    return {
      client,
      endpoint: this.#source ? `${endpoint} (injected client)` : endpoint,
      call: (action, operation) => callEngine(endpoint, action, timeoutMs, operation),
    };
  }

  async #makeClient(endpoint: string, options: ContainerPluginOptions): Promise<Dockerode> {
    if (this.#source) return typeof this.#source === 'function' ? this.#source(options) : this.#source;
    const Docker = loadDockerode();
    return new Docker(connectionOptionsFor(endpoint));
  }
}

function endpointOf(options: ContainerPluginOptions): string {
  return options.engine ?? process.env.DOCKER_HOST ?? `unix://${defaultSocket}`;
}

/** Where `node:http` can reach the Engine without TLS, or undefined. */
function plainAddressOf(connection: Dockerode.DockerOptions): EngineAddress | undefined {
  if (connection.socketPath !== undefined) return { socketPath: connection.socketPath };
  return connection.protocol === 'http' ? { host: String(connection.host), port: Number(connection.port) } : undefined;
}

/** `unix:///x.sock`, `/x.sock` or `tcp://host:port` → dockerode's connection options. */
export function connectionOptionsFor(endpoint: string): Dockerode.DockerOptions {
  if (endpoint.startsWith('unix://')) return { socketPath: endpoint.slice('unix://'.length) };
  if (endpoint.startsWith('/')) return { socketPath: endpoint };
  const url = new URL(endpoint.replace(/^tcp:/, 'http:'));
  return { host: url.hostname, port: Number(url.port || (url.protocol === 'https:' ? 2376 : 2375)), protocol: url.protocol === 'https:' ? 'https' : 'http' };
}

async function callEngine<Result>(endpoint: string, action: string, timeoutMs: number, operation: () => Promise<Result>): Promise<Result> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ContainerEngineTimeoutError(endpoint, action, timeoutMs / 1000)), timeoutMs);
  });
  try {
    return await Promise.race([operation(), timeout]);
  } catch (error) {
    if (isEngineUnreachable(error)) throw new ContainerEngineUnavailableError(endpoint, action, error);
    throw error;
  } finally {
    clearTimeout(timer);
  }
}
