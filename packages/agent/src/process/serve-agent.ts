import { createWriteStream } from 'node:fs';
import { PRIVATE_FILE_MODE, type Budgets, type RuntimeEnvManager } from '@runtime-env/core';
import { startAgentServer, type RunningAgent } from '../agent-server.js';
import { JsonLineLogger, type LogSink } from '../logging/json-line-logger.js';
import { prewarmEnvironments } from '../prewarm/prewarm-environments.js';
import { defaultAddressFile, removeAddressFile, writeAddressFile } from './address-file.js';
import type { AgentSettings } from './agent-settings.js';
import { readPrewarmFile } from './prewarm-file.js';
import { readToken } from './read-token.js';

export interface ServeAgentOptions {
  manager: RuntimeEnvManager;
  settings: AgentSettings;
  env?: Record<string, string | undefined>;
  /** Where the one human line with the address goes; default stdout. */
  announce?: (line: string) => void;
  /** The structured log's sink when no log file is set; default stderr. */
  logSink?: LogSink;
  version?: string;
  /** The config's budgets, shown by the dashboard. */
  budgets?: Budgets;
}

export interface ServedAgent {
  agent: RunningAgent;
  /** Resolves with the exit code once the agent has stopped (after SIGTERM/SIGINT, or `stop`). */
  finished: Promise<number>;
  stop(reason: string): Promise<void>;
}

/**
 * Runs the agent as a long-lived process: listens, writes the address file,
 * prewarms, and on SIGTERM or SIGINT stops accepting, lets creations finish within
 * the grace period, aborts the rest, closes the manager (its database holds all
 * state, so a restart picks up from there) and removes the address file.
 */
export async function serveAgent(options: ServeAgentOptions): Promise<ServedAgent> {
  const { manager, settings } = options;
  const sink: LogSink = settings.logFile ? createWriteStream(settings.logFile, { flags: 'a', mode: PRIVATE_FILE_MODE }) : (options.logSink ?? process.stderr);
  const logger = new JsonLineLogger(sink, settings.logLevel);
  const token = readToken(settings.tokenFile, options.env ?? process.env);
  const prewarmDocuments = settings.prewarmFile ? await readPrewarmFile(settings.prewarmFile) : [];
  const agent = await startAgentServer({
    manager,
    host: settings.host,
    port: settings.port,
    ...(token === undefined ? {} : { token }),
    maxBodyBytes: settings.maxBodyBytes,
    shutdownGraceSeconds: settings.shutdownGraceSeconds,
    gcIntervalSeconds: settings.gcIntervalSeconds,
    logger,
    ...(options.version === undefined ? {} : { version: options.version }),
    ...(options.budgets === undefined ? {} : { budgets: options.budgets }),
  });
  const addressFile = settings.addressFile ?? defaultAddressFile(manager.dataDirectory);
  await writeAddressFile(addressFile, { url: agent.url, pid: process.pid, startedAt: new Date().toISOString() });
  (options.announce ?? ((line) => process.stdout.write(`${line}\n`)))(`rtenv agent listening on ${agent.url} (address in ${addressFile})`);

  let resolveFinished!: (code: number) => void;
  const finished = new Promise<number>((resolve) => (resolveFinished = resolve));
  let stopping: Promise<void> | undefined;
  const stop = (reason: string): Promise<void> => {
    stopping ??= (async () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      let code = 0;
      try {
        await agent.stop(reason);
        await manager.close();
      } catch (error) {
        code = 1;
        logger.error('stopping failed', { error: (error as Error).message });
      }
      await removeAddressFile(addressFile);
      resolveFinished(code);
    })();
    return stopping;
  };
  const onSignal = (signal: NodeJS.Signals): void => void stop(`received ${signal}`);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);

  if (prewarmDocuments.length > 0) {
    // In the background: the agent serves while it prewarms.
    void prewarmEnvironments(agent.context, prewarmDocuments, 'prewarm', 'startup').catch((error: unknown) =>
      logger.error('prewarm failed', { error: (error as Error).message }),
    );
  }
  return { agent, finished, stop };
}
