import type { LoadedPlugin } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { formatTable } from '../output/format-table.js';
import { writeJson } from '../output/write-json.js';
import { loadCliConfig } from '../config/load-cli-config.js';

/** The contract's default; shown so the order of `create` is visible without reading code. */
const defaultPriority = 10;

export const pluginsCommand = defineCommand({
  name: 'plugins',
  summary: 'List the loaded plugins: where each came from, its version, priority and fields.',
  usage: 'plugins [--json] [--config FILE]',
  details: `Without a config file, the installed first-party plugins are loaded. Plugins with
a lower priority run first. Fields include companion fields (such as excludes);
rules show which fields a plugin cannot be combined with.

Example:
  rtenv plugins --json`,
  options: { ...jsonOption, ...configOptions },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    const config = await loadCliConfig(values, io);
    const described = config.plugins.map(describePlugin);
    if (values.json) {
      writeJson(io.stdout, { configPath: config.configPath ?? null, plugins: described });
      return ExitCode.ok;
    }
    const rows = described.map((plugin) => [
      plugin.name,
      plugin.version,
      String(plugin.priority),
      plugin.fields.join(','),
      formatRules(plugin.rules),
      plugin.source,
    ]);
    io.stdout.write(formatTable(['NAME', 'VERSION', 'PRIORITY', 'FIELDS', 'RULES', 'SOURCE'], rows));
    io.stdout.write(`config: ${config.configPath ?? '(none: the installed first-party plugins)'}\n`);
    return ExitCode.ok;
  },
});

function describePlugin(loaded: LoadedPlugin) {
  const { plugin } = loaded;
  return {
    name: plugin.name,
    source: loaded.source,
    package: loaded.identity.name,
    version: loaded.identity.version,
    priority: plugin.priority ?? defaultPriority,
    description: plugin.description ?? null,
    fields: [plugin.name, ...Object.keys(plugin.companionFields ?? {})],
    rules: { conflictsWith: [...(plugin.rules?.conflictsWith ?? [])], onlyAlongside: plugin.rules?.onlyAlongside ? [...plugin.rules.onlyAlongside] : null },
    hooks: (['validate', 'hash', 'create', 'modifyContext', 'delete', 'recover', 'launch', 'merge', 'formatLock'] as const).filter(
      (hook) => typeof plugin[hook] === 'function',
    ),
  };
}

function formatRules(rules: { conflictsWith: string[]; onlyAlongside: string[] | null }): string {
  const parts: string[] = [];
  if (rules.conflictsWith.length > 0) parts.push(`not with ${rules.conflictsWith.join('/')}`);
  if (rules.onlyAlongside) parts.push(`only with ${[...rules.onlyAlongside, 'config'].join('/')}`);
  return parts.join('; ') || '-';
}
