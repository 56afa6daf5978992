import { defineCommand } from '../arguments/command-definition.js';
import { readRuntimeEnvArgument } from '../arguments/read-runtime-env-argument.js';
import { configOptions, jsonOption, runtimeEnvOptions } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';
import { withManager } from '../local/with-manager.js';

export const hashCommand = defineCommand({
  name: 'hash',
  summary: "Print a runtime_env's environment id and the URIs it needs, creating nothing.",
  usage: 'hash [--runtime-env JSON | --runtime-env-file FILE] [--json]',
  details: `The id is the same on every node for the same normalized document and the same
content (files named by the document are hashed by content). Prints the id on the
first line, then one "plugin uri" line per URI.

Example:
  rtenv hash --runtime-env '{"env_vars": {"A": "1"}}' --json`,
  options: { ...runtimeEnvOptions, ...jsonOption, ...configOptions },
  positionals: { minimum: 0, maximum: 0 },
  async run({ values, io }) {
    const document = await readRuntimeEnvArgument(values, { cwd: io.cwd, command: 'hash' });
    return withManager(values, io, async (manager) => {
      const resolved = await manager.resolve(document);
      if (values.json) {
        writeJson(io.stdout, { id: resolved.id, uris: resolved.uris });
        return ExitCode.ok;
      }
      io.stdout.write(`${resolved.id}\n${resolved.uris.map(({ plugin, uri }) => `${plugin} ${uri}\n`).join('')}`);
      return ExitCode.ok;
    });
  },
});
