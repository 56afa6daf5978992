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
  usage: 'lock ENV [--json]',
  details: `Each plugin's lock is printed in its own format (pip: a requirements file with
hashes), else as name==version lines, under a "# plugin uri" header. Plugins that
install nothing (env_vars) have no lock.

Example:
  rtenv lock 3f2a > requirements.lock`,
  options: { ...jsonOption, ...configOptions },
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
      for (const { plugin, uri, lock } of locked) {
        io.stdout.write(`# ${plugin} ${uri}\n${formatLock(pluginsByName.get(plugin), lock)}`);
      }
      return ExitCode.ok;
    });
  },
});
