import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import type { LaunchEngineClient, ListedContainer } from './launch-engine-client.js';

/** The launch's Engine calls through a dockerode client: for injected clients and Engines over TLS. */
export class DockerodeLaunchClient implements LaunchEngineClient {
  constructor(private readonly client: Dockerode) {}

  async createContainer(body: object, name?: string): Promise<string> {
    return (await this.client.createContainer(name === undefined ? body : { ...body, name })).id;
  }

  async attach(containerId: string, options: { stdin: boolean }): Promise<Duplex> {
    return (await this.client.getContainer(containerId).attach({ stream: true, stdin: options.stdin, stdout: true, stderr: true, hijack: options.stdin })) as Duplex;
  }

  async start(containerId: string): Promise<void> {
    await this.client.getContainer(containerId).start();
  }

  async wait(containerId: string, onWaiting?: () => void): Promise<number> {
    // dockerode does not tell when the Engine registered the wait; the container's stdin is fed right away then.
    onWaiting?.();
    return ((await this.client.getContainer(containerId).wait()) as { StatusCode: number }).StatusCode;
  }

  async kill(containerId: string, signal: string): Promise<void> {
    await this.client.getContainer(containerId).kill({ signal });
  }

  async remove(containerId: string): Promise<void> {
    await this.client.getContainer(containerId).remove({ force: true });
  }

  async listContainers(labelFilters: readonly string[]): Promise<ListedContainer[]> {
    return this.client.listContainers({ all: true, filters: { label: [...labelFilters] } });
  }
}
