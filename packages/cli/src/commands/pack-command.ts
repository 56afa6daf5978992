import path from 'node:path';
import { defineCommand } from '../arguments/command-definition.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { UsageError } from '../errors/usage-error.js';
import { recordPackForFastPath } from '../fast-path/pack-record.js';
import { packCommandShape } from './pack-command-shape.js';

const workingDirPackage = '@runtime-env/plugin-working-dir';

export const packCommand = defineCommand({
  ...packCommandShape,
  async run({ values, positionals, io }) {
    // The working_dir plugin's package alone (its options, its packer): no other plugin's code is imported.
    const config = await loadCliConfig(values, io, [workingDirPackage]);
    const { listFilesForPackCommand, packForCommand, packCheckForCommand } = await import('@runtime-env/plugin-working-dir');
    const input = {
      directory: path.resolve(io.cwd, positionals[0]!),
      pluginOptions: config.plugins.find((loaded) => loaded.plugin.name === 'working_dir')?.options,
      dataDirectory: config.dataDirectory,
      excludes: values.excludes ?? [],
      store: values.store,
      field: packField(values.for),
    };
    if (values.list) {
      const files = await listFilesForPackCommand(input);
      if (values.json) writeJson(io.stdout, { files });
      else io.stdout.write(files.map((file) => `${file}\n`).join(''));
      return ExitCode.ok;
    }
    const packed = await packForCommand(input);
    // What decided this answer, so that the same pack of an unchanged tree takes the fast path.
    const invocation = { values, directory: input.directory, field: input.field, configPath: config.configPath, io };
    await recordPackForFastPath(invocation, config.dataDirectory, () => packCheckForCommand(input, packed), config.loadedFiles);
    if (values.json) writeJson(io.stdout, packed);
    else io.stdout.write(`${packed.uri}\n`);
    return ExitCode.ok;
  },
});

function packField(value: string | undefined): 'working_dir' | 'py_modules' | undefined {
  if (value === undefined || value === 'working_dir' || value === 'py_modules') return value;
  throw new UsageError(`--for takes working_dir or py_modules, not "${value}"`);
}
