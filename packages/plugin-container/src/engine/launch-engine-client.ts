import type { Duplex } from 'node:stream';

/** A container as listed by the Engine, with only what the launcher reads. */
export interface ListedContainer {
  Id: string;
  Labels: Record<string, string>;
}

/**
 * The Engine calls one launch makes, and nothing more: what lets `launch` run
 * over a few lines of `node:http` instead of importing dockerode (about 100 ms
 * of every `rtenv run` in an image). Pulls, inspections and garbage collection
 * keep dockerode.
 */
export interface LaunchEngineClient {
  /** Creates a container from an Engine API create body; returns its id. */
  createContainer(body: object): Promise<string>;
  /** The container's raw (multiplexed) output stream, with stdin when `stdin` is true; attach before `start`. */
  attach(containerId: string, options: { stdin: boolean }): Promise<Duplex>;
  start(containerId: string): Promise<void>;
  /** Waits until the container ends; its exit status. */
  wait(containerId: string): Promise<number>;
  kill(containerId: string, signal: string): Promise<void>;
  /** Removes the container, running or not. */
  remove(containerId: string): Promise<void>;
  listContainers(labelFilters: readonly string[]): Promise<ListedContainer[]>;
}

export interface LaunchEngine {
  client: LaunchEngineClient;
  /** Where the client talks to, for error messages. */
  endpoint: string;
  /** Runs one Engine call with the configured timeout, turning connection failures into clear errors. */
  call<Result>(action: string, operation: () => Promise<Result>): Promise<Result>;
}
