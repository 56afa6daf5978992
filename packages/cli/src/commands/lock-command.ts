import { maskUrlCredentialsIn } from '@runtime-env/core/plugin';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { formatLock } from '../output/format-lock.js';
import { writeJson } from '../output/write-json.js';
import { findEnvironment } from '../local/find-environment.js';
import { withManager } from '../local/with-manager.js';

export const lockCommand = defineCommand({
  name: 'lock',
  summary: 'Print the exact packages each plugin installed for an environment.',
  usage: 'lock ENV [--format NAME] [--json]',
  details: `Each plugin's lock is printed in its own format (pip: a requirements file with
hashes), else as name==version lines, under a "# plugin uri" header. Plugins that
install nothing (env_vars) have no lock.

--format NAME asks each plugin for that format of its lock (pip: "pylock" writes a
PEP 751 pylock.toml; "requirements" is its default; an unknown name fails, naming
both). Plugins with a single lock format (conda) print that one.

Example:
  rtenv lock 3f2a > requirements.lock
  rtenv lock 3f2a --format pylock > pylock.toml`,
  options: {
    ...jsonOption,
    ...configOptions,
    format: { type: 'string', valueName: 'NAME', description: "a plugin's lock format (pip: pylock, requirements)" },
  },
  positionals: { minimum: 1, maximum: 1, names: 'ENV (an environment id or a unique prefix)' },
  async run({ values, positionals, io }) {
    return withManager(values, io, async (manager) => {
      const record = findEnvironment(manager, positionals[0]!);
      const urisByName = new Map(manager.listUris().map((uri) => [uri.uri, uri]));
      const found = record.uris.flatMap(({ plugin, uri }) => {
        const lock = urisByName.get(uri)?.lock;
        return lock && lock.length > 0 ? [{ plugin, uri, lock }] : [];
      });
      // A URI may name its source URL (a git repository with a token): shown masked.
      const locked = maskUrlCredentialsIn(found);
      if (values.json) {
        writeJson(io.stdout, { environmentId: record.id, locks: locked });
        return ExitCode.ok;
      }
      if (locked.length === 0) {
        io.stderr.write(`rtenv: environment ${record.id} installed no packages, so it has no lock\n`);
        return ExitCode.ok;
      }
      const pluginsByName = new Map(manager.plugins.map((loaded) => [loaded.plugin.name, loaded.plugin]));
      const format = typeof values.format === 'string' ? values.format : undefined;
      const texts = locked.map(({ plugin, uri, lock }) => `# ${plugin} ${uri}\n${formatLock(pluginsByName.get(plugin), lock, format)}`);
      for (const text of texts) io.stdout.write(text);
      return ExitCode.ok;
    });
  },
});
