// The example plugin of docs/writing-a-plugin.md as a third party has it: its files
// copied into a fresh folder under the system's temporary directory, where no
// workspace node_modules is visible, and its dependencies installed from the
// registry, except the runtime-env packages, which come from tarballs packed here.
import { appendFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { packWorkspacePackages, withWorkspaceDependencies } from './pack-workspace-packages.js';
import { describeResult, runCommand, type CommandResult } from './run-command.js';

export const outsidePluginFixture = fileURLToPath(new URL('../fixtures/outside-plugin/', import.meta.url));
const workspaceRoot = fileURLToPath(new URL('../../../../', import.meta.url));

/** What the plugin's package.json needs, as docs/writing-a-plugin.md lists it. */
const runtimeEnvPackages = ['@runtime-env/plugin-api', '@runtime-env/core', '@runtime-env/testkit', '@runtime-env/cli'];

export interface OutsidePluginFolder {
  /** The plugin package's folder. */
  folder: string;
  /** A data directory for rtenv, next to the folder. */
  dataDirectory: string;
  packSeconds: number;
  installSeconds: number;
  /** Runs a program in the folder with a user's environment (nothing of the workspace's). */
  run(file: string, args: readonly string[], env?: NodeJS.ProcessEnv): Promise<CommandResult>;
  remove(): void;
}

export async function createOutsidePluginFolder(): Promise<OutsidePluginFolder> {
  const root = mkdtempSync(path.join(tmpdir(), 'rtenv-outside-plugin-'));
  const remove = () => rmSync(root, { recursive: true, force: true });
  try {
    const folder = path.join(root, 'rtenv-plugin-motd');
    const tarballFolder = path.join(root, 'tarballs');
    mkdirSync(tarballFolder);
    let started = Date.now();
    const tarballs = await packWorkspacePackages(withWorkspaceDependencies(runtimeEnvPackages), tarballFolder);
    const packSeconds = (Date.now() - started) / 1000;

    cpSync(outsidePluginFixture, folder, { recursive: true });
    // Stands in for the registry, which has no runtime-env packages: every one of
    // them, wherever it appears in the tree, comes from its tarball.
    appendFileSync(path.join(folder, 'pnpm-workspace.yaml'), `overrides:\n${[...tarballs].map(([name, file]) => `  "${name}": "file:${file}"\n`).join('')}`);
    const run = (file: string, args: readonly string[], env: NodeJS.ProcessEnv = {}) =>
      runCommand(file, args, { cwd: folder, env: { ...userEnvironment(), ...env } });

    started = Date.now();
    // No lockfile exists yet, and CI=true would make pnpm insist on one.
    const installed = await run('pnpm', ['install', '--prefer-offline', '--no-frozen-lockfile', '--reporter=append-only']);
    if (installed.code !== 0) throw new Error(describeResult('pnpm install', installed));
    return { folder, dataDirectory: path.join(root, 'data'), packSeconds, installSeconds: (Date.now() - started) / 1000, run, remove };
  } catch (error) {
    remove();
    throw error;
  }
}

/**
 * The environment without what running inside the workspace added: pnpm's script
 * variables, NODE_PATH and PATH entries into the workspace's node_modules, and
 * vitest's own markers, so the folder sees only what it installed.
 */
function userEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const kept = name === 'PNPM_HOME' || name === 'npm_config_nodedir';
    if (!kept && /^(npm_|pnpm_|VITEST|NODE_PATH$|NODE_OPTIONS$)/i.test(name)) continue;
    environment[name] = value;
  }
  environment.PATH = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter((entry) => !entry.startsWith(workspaceRoot))
    .join(path.delimiter);
  // better-sqlite3 compiles at install when no prebuilt binary can be downloaded;
  // node-gyp then takes Node's headers from the system instead of downloading them.
  if (!environment.npm_config_nodedir && existsSync('/usr/include/node/node.h')) environment.npm_config_nodedir = '/usr';
  return environment;
}
