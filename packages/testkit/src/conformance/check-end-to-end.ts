import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { canonicalJson, type AnyRuntimeEnvPlugin, type JsonObject, type RuntimeEnvManager } from '@runtime-env/core';
import type { PluginEntry } from '../helpers/load-plugin-for-test.js';
import { openTestManager } from '../helpers/open-test-manager.js';
import { clonePlugin } from './clone-plugin.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { SpecCase } from './conformance-spec.js';

export interface EndToEndInput {
  plugin: AnyRuntimeEnvPlugin;
  options?: unknown;
  specCase: SpecCase;
  /** Plugins owning the other fields of `specCase.runtimeEnv` (env_vars next to pip). */
  alongside?: readonly PluginEntry[];
}

const FIRST_OWNER = 'conformance-first';
const SECOND_OWNER = 'conformance-second';

/**
 * Through a real core: two `getOrCreate` calls give one environment and one
 * `create` per URI, the URIs are ready on disk, and once both references are
 * released `gc` removes every one of them from the records and from the disk.
 */
export async function checkEndToEndThroughCore(input: EndToEndInput): Promise<void> {
  const { plugin } = input;
  const creations = new Map<string, number>();
  const counting = plugin.create
    ? clonePlugin(plugin, {
        create(this: AnyRuntimeEnvPlugin, ...args: Parameters<NonNullable<AnyRuntimeEnvPlugin['create']>>) {
          creations.set(args[0], (creations.get(args[0]) ?? 0) + 1);
          return plugin.create!.apply(this, args);
        },
      })
    : plugin;
  const logEntries: JsonObject[] = [];
  const manager = await openTestManager({
    plugins: [{ plugin: counting, options: input.options }, ...(input.alongside ?? [])],
    manager: { log: (entry) => logEntries.push(entry) },
  });
  try {
    await exerciseManager(manager, input, creations, () => JSON.stringify(logEntries));
  } finally {
    await manager.close();
  }
}

async function exerciseManager(manager: RuntimeEnvManager, input: EndToEndInput, creations: Map<string, number>, structuredLog: () => string): Promise<void> {
  const { name } = input.plugin;
  const fail = (check: string, observed: string): never => {
    throw new ConformanceFailure(name, check, observed);
  };
  const document = { ...input.specCase.runtimeEnv, [name]: input.specCase.spec };
  const first = await manager.getOrCreate(document, { owner: FIRST_OWNER });
  const second = await manager.getOrCreate(document, { owner: SECOND_OWNER });
  if (second.id !== first.id) fail('one environment per document', `the same document gave environments ${first.id} and ${second.id}`);
  if (!second.cached) fail('the second getOrCreate is cached', 'the second call for the same document created something again');
  if (canonicalJson(first.context) !== canonicalJson(second.context)) fail('one context per environment', 'the two calls returned different launch contexts');

  const uris = first.record.uris.filter((entry) => entry.plugin === name).map((entry) => entry.uri);
  for (const uri of uris) {
    if (creations.get(uri) !== 1) fail('create runs once per URI', `"${uri}" was created ${creations.get(uri) ?? 0} times for two getOrCreate calls`);
  }
  const records = manager.listUris().filter((record) => uris.includes(record.uri));
  for (const record of records) {
    if (record.state !== 'ready' || !existsSync(record.path)) fail('URIs are ready on disk', `"${record.uri}" is ${record.state} at ${record.path} (exists: ${existsSync(record.path)})`);
  }
  const secrets = secretsOf(document.env_vars);
  await checkLogsHideSecrets(first.record.setupLogPath, structuredLog(), secrets, fail);

  if (!manager.release(first.id, FIRST_OWNER) || !manager.release(first.id, SECOND_OWNER)) fail('release', 'releasing a held reference returned false');
  const report = await manager.gc({ all: true });
  const removed = new Set(report.removed.map((candidate) => candidate.uri));
  for (const record of records) {
    if (!removed.has(record.uri)) fail('gc removes released URIs', `gc({ all: true }) did not remove "${record.uri}"`);
    if (existsSync(record.path)) fail('gc removes released URIs', `"${record.uri}" is still on disk at ${record.path}`);
  }
  const left = manager.listUris().filter((record) => uris.includes(record.uri) && record.state === 'ready');
  if (left.length > 0) fail('gc removes released URIs', `still listed as ready: ${left.map((record) => record.uri).join(', ')}`);
}

function secretsOf(variables: unknown): string[] {
  if (variables === null || typeof variables !== 'object') return [];
  return Object.values(variables).filter((value): value is string => typeof value === 'string' && value.length > 0);
}

async function checkLogsHideSecrets(setupLogPath: string, structuredLog: string, secrets: readonly string[], fail: (check: string, observed: string) => never): Promise<void> {
  if (secrets.length === 0) return;
  const setupLog = existsSync(setupLogPath) ? await readFile(setupLogPath, 'utf8') : '';
  const inSetupLog = secrets.filter((secret) => setupLog.includes(secret)).length;
  const inStructuredLog = secrets.filter((secret) => structuredLog.includes(secret)).length;
  if (inSetupLog + inStructuredLog > 0) {
    fail('never logs env_vars values', `env_vars values appear in the setup log (${inSetupLog}) or the structured log (${inStructuredLog})`);
  }
}
