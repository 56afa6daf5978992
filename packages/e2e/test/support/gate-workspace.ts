// A temporary folder with a config that loads env_vars and the gate plugin (whose
// creation waits until the test opens its gate file), a data directory, and rtenv
// started in it; optionally an agent on its own data directory. Shared by the tests
// of the commands that act on existing environments (pin, prewarm, logs -f).
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { assertRtenvBuilt, collectRtenvOutput, runRtenv, spawnRtenv, type RtenvResult } from './rtenv-process.js';

const pluginFiles = [
  fileURLToPath(new URL('../../../plugin-env-vars/dist/index.js', import.meta.url)),
  fileURLToPath(new URL('../fixtures/gate-plugin.mjs', import.meta.url)),
];

export interface GateWorkspace {
  directory: string;
  dataDirectory: string;
  /** A document whose creation waits for the gate file `name` (written with `openGate`). */
  gateDocument(name: string): { gate: string };
  /** Lets the creation waiting on `name` go on; `fail` makes it fail instead. */
  openGate(name: string, outcome?: 'succeed' | 'fail'): void;
  rtenv(args: readonly string[]): Promise<RtenvResult>;
  start(args: readonly string[]): ChildProcessWithoutNullStreams;
  /** Starts `rtenv agent` on its own data directory; returns its URL, that directory and how to stop it. */
  startAgent(): Promise<{ url: string; dataDirectory: string; stop(): Promise<void> }>;
  /** The id of the environment a document names. */
  idOf(document: object): Promise<string>;
  remove(): void;
}

export function createGateWorkspace(prefix: string): GateWorkspace {
  assertRtenvBuilt();
  const directory = mkdtempSync(path.join(tmpdir(), prefix));
  const dataDirectory = path.join(directory, 'data');
  const configPath = path.join(directory, 'rtenv.config.json');
  writeFileSync(configPath, JSON.stringify({ plugins: pluginFiles.map((file) => pathToFileURL(file).href) }));
  const options = () => ({ cwd: directory, env: { ...process.env, RTENV_DATA_DIR: dataDirectory, RTENV_CONFIG: configPath } });
  const rtenv = (args: readonly string[]) => runRtenv(args, options());
  const start = (args: readonly string[]) => spawnRtenv(args, options());
  return {
    directory,
    dataDirectory,
    gateDocument: (name) => ({ gate: path.join(directory, name) }),
    openGate: (name, outcome = 'succeed') => writeFileSync(path.join(directory, name), outcome === 'fail' ? 'fail' : ''),
    rtenv,
    start,
    async startAgent() {
      const addressFile = path.join(directory, 'agent.json');
      const agentDataDirectory = path.join(directory, 'agent-data');
      const agent = start(['agent', '--address-file', addressFile, '--data-dir', agentDataDirectory]);
      const exited = collectRtenvOutput(agent);
      await waitUntil(() => existsSync(addressFile), 'the agent never wrote its address');
      return {
        url: (JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string }).url,
        dataDirectory: agentDataDirectory,
        async stop() {
          agent.kill('SIGTERM');
          await exited;
        },
      };
    },
    async idOf(document) {
      const hashed = await rtenv(['hash', '--json', '-e', JSON.stringify(document)]);
      return (JSON.parse(hashed.stdout) as { id: string }).id;
    },
    remove: () => rmSync(directory, { recursive: true, force: true }),
  };
}

/** Polls `condition` every 50 ms for up to 30 s. */
export async function waitUntil(condition: () => boolean | Promise<boolean>, failure: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(failure);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
