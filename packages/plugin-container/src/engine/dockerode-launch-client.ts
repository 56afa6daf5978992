import type { Duplex } from 'node:stream';
import type Dockerode from 'dockerode';
import { engineStatusOf } from './engine-errors.js';
import type { LaunchEngineClient, ListedContainer, LocalImageIdentity } from './launch-engine-client.js';

/** The launch's Engine calls through a dockerode client: for injected clients and Engines over TLS. */
export class DockerodeLaunchClient implements LaunchEngineClient {
  constructor(private readonly client: Dockerode) {}

  async createContainer(body: object, name?: string): Promise<string> {
    return (await this.client.createContainer(name === undefined ? body : { ...body, name })).id;
  }

  async attach(containerId: string, options: { stdin: boolean }): Promise<Duplex> {
    return (await this.client
      .getContainer(containerId)
      .attach({ stream: true, stdin: options.stdin, stdout: true, stderr: true, hijack: options.stdin })) as Duplex;
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

  async inspectImage(image: string): Promise<LocalImageIdentity | undefined> {
    try {
      return await this.client.getImage(image).inspect();
    } catch (error) {
      if (engineStatusOf(error) === 404) return undefined;
      throw error;
    }
  }

  async registryDigest(image: string, auth: object | undefined): Promise<string | undefined> {
    const answer = (await this.client.getImage(image).distribution(auth === undefined ? {} : ({ authconfig: auth } as object))) as {
      Descriptor?: { digest?: string };
    };
    return answer.Descriptor?.digest;
  }
}
