import type { EnvironmentRecord, UriRecord } from '@runtime-env/core';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { formatEnvironmentTable } from '../output/environment-table.js';
import { maskEnvironmentRecord } from '../output/mask-environment-record.js';
import { writeJson } from '../output/write-json.js';
import { withManager } from '../local/with-manager.js';

export const lsCommand = defineCommand({
  name: 'ls',
  summary: 'List the environments of the data directory.',
  usage: 'ls [--json] [--state STATE] [--plugin NAME]',
  details: `Columns: id (a prefix; any unique prefix works as ENV), state, size on disk,
references held, whether it is pinned (\`rtenv pin\`: never collected), when it was
created and last used, how long creating it took, and its fields. --json prints
full records, each with its URIs' locks; env_vars values, and the passwords or
tokens in URLs (https://user:***@host), are shown as "***".

Example:
  rtenv ls --json`,
  options: {
    ...jsonOption,
    agent: { type: 'string', valueName: 'URL', description: 'ask the agent at URL instead of opening the local data directory' },
    state: { type: 'string', valueName: 'STATE', description: 'only environments in this state: creating, ready or failed' },
    plugin: { type: 'string', valueName: 'NAME', description: 'only environments that use this plugin' },
    ...configOptions,
  },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    if (values.agent) {
      const [{ withAgent }, { listThroughAgent }] = await Promise.all([import('@runtime-env/client'), import('../agent/commands-through-agent.js')]);
      return withAgent(values.agent, io.env, (client) =>
        listThroughAgent(
          client,
          {
            ...(values.state ? { state: values.state as EnvironmentRecord['state'] } : {}),
            ...(values.plugin ? { plugin: values.plugin } : {}),
            json: values.json === true,
          },
          io.stdout,
        ),
      );
    }
    return withManager(values, io, async (manager) => {
      const filter = {
        ...(values.state ? { state: values.state as EnvironmentRecord['state'] } : {}),
        ...(values.plugin ? { plugin: values.plugin } : {}),
      };
      if (values.json) {
        const records = manager.listEnvironments(filter);
        const urisByName = new Map(manager.listUris().map((uri) => [uri.uri, uri]));
        // Masked last: the locks are looked up by the URIs as stored.
        writeJson(
          io.stdout,
          records.map((record) => maskEnvironmentRecord(withLocks(record, urisByName))),
        );
        return ExitCode.ok;
      }
      // The table needs no document: the core's summaries read none.
      const summaries = manager.listEnvironmentSummaries(filter);
      if (summaries.length === 0) {
        io.stdout.write(`no environments in ${manager.dataDirectory}\n`);
        return ExitCode.ok;
      }
      io.stdout.write(formatEnvironmentTable(summaries));
      return ExitCode.ok;
    });
  },
});

function withLocks(record: EnvironmentRecord, urisByName: Map<string, UriRecord>) {
  const uris = record.uris.map(({ plugin, uri }) => {
    const stored = urisByName.get(uri);
    return { plugin, uri, state: stored?.state ?? 'missing', sizeBytes: stored?.sizeBytes ?? 0, lock: stored?.lock ?? null };
  });
  return { ...record, uris };
}
