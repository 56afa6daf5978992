import type { Duplex } from 'node:stream';

/** A container as listed by the Engine, with only what the launcher reads. */
export interface ListedContainer {
  Id: string;
  Labels: Record<string, string>;
  /** With the Engine's leading slash: `/rtenv-pool-standby-...`. */
  Names?: string[];
}

/** What names a local image immutably: its id, and the registry digests it was pulled by. */
export interface LocalImageIdentity {
  Id: string;
  RepoDigests?: string[];
}

/** The Engine call that standbys need on top of a launch's (the light client has it, dockerode's wrapper does not). */
export interface StandbyEngineOperations {
  /** The image's id and ENTRYPOINT (`GET /images/{image}/json`). */
  inspectImageEntrypoint(image: string): Promise<{ id: string; entrypoint: string[] }>;
}

/**
 * The Engine calls one launch makes, and nothing more: what lets `launch` run
 * over a few lines of `node:http` instead of importing dockerode (about 100 ms
 * of every `rtenv run` in an image). Pulls, inspections and garbage collection
 * keep dockerode.
 */
export interface LaunchEngineClient {
  /** Creates a container from an Engine API create body, named `name` when given; returns its id. */
  createContainer(body: object, name?: string): Promise<string>;
  /** The container's raw (multiplexed) output stream, with stdin when `stdin` is true; attach before `start`. */
  attach(containerId: string, options: { stdin: boolean }): Promise<Duplex>;
  start(containerId: string): Promise<void>;
  /** Waits until the container ends; its exit status. `onWaiting` fires once the Engine registered the wait. */
  wait(containerId: string, onWaiting?: () => void): Promise<number>;
  kill(containerId: string, signal: string): Promise<void>;
  /** Removes the container, running or not. */
  remove(containerId: string): Promise<void>;
  listContainers(labelFilters: readonly string[]): Promise<ListedContainer[]>;
  /** The local image's id and registry digests; undefined when the Engine does not have it. */
  inspectImage(image: string): Promise<LocalImageIdentity | undefined>;
  /** The manifest digest the registry gives for `image` now, asked through the Engine (`auth` as dockerode's `authconfig`). */
  registryDigest(image: string, auth: object | undefined): Promise<string | undefined>;
  /** Present when the client can make standby containers. */
  standby?: StandbyEngineOperations;
}

export interface LaunchEngine {
  client: LaunchEngineClient;
  /** Where the client talks to, for error messages. */
  endpoint: string;
  /** Runs one Engine call with the configured timeout, turning connection failures into clear errors. */
  call<Result>(action: string, operation: () => Promise<Result>): Promise<Result>;
}
