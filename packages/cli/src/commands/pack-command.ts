import path from 'node:path';
import { defineCommand } from '../arguments/command-definition.js';
import { configOptions, jsonOption } from '../arguments/shared-options.js';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from '../output/write-json.js';
import { loadCliConfig } from '../config/load-cli-config.js';
import { UsageError } from '../errors/usage-error.js';

const workingDirPackage = '@runtime-env/plugin-working-dir';

export const packCommand = defineCommand({
  name: 'pack',
  summary: 'Pack a folder into the working_dir store and print its URI (or list what it would hold).',
  usage: 'pack DIR [--excludes PATTERN ...] [--store URI] [--for working_dir|py_modules] [--list] [--json]',
  details: `Packs DIR as "working_dir" does (excludes, .gitignore, .rtenvignore, the default
excludes), or as "py_modules" does with --for py_modules (the folder keeps its
name, no default excludes; a single module file alone), uploads it to the store
unless it is there already, and prints its
content-addressed URI. With --list, prints the files it would hold, sorted, one a
line, and uploads nothing.

Examples:
  rtenv pack ./project --excludes 'data/' --excludes '*.ckpt'
  rtenv pack ./project --store s3://bucket/packages
  rtenv pack ./project --list`,
  options: {
    excludes: { type: 'string', multiple: true, valueName: 'PATTERN', description: 'a gitignore-style pattern to leave out (repeatable)' },
    store: { type: 'string', valueName: 'URI', description: 'file:///dir or s3://bucket/prefix (default: the working_dir plugin option "store")' },
    list: { type: 'boolean', description: 'print the files that would be packed and upload nothing' },
    for: { type: 'string', valueName: 'FIELD', description: 'pack as working_dir (default) or py_modules packs a local path' },
    ...jsonOption,
    ...configOptions,
  },
  positionals: { minimum: 1, maximum: 1, names: 'DIR' },
  async run({ values, positionals, io }) {
    // The working_dir plugin's package alone (its options, its packer): no other plugin's code is imported.
    const config = await loadCliConfig(values, io, [workingDirPackage]);
    const { listFilesForPackCommand, packForCommand } = await import('@runtime-env/plugin-working-dir');
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
    if (values.json) writeJson(io.stdout, packed);
    else io.stdout.write(`${packed.uri}\n`);
    return ExitCode.ok;
  },
});

function packField(value: string | undefined): 'working_dir' | 'py_modules' | undefined {
  if (value === undefined || value === 'working_dir' || value === 'py_modules') return value;
  throw new UsageError(`--for takes working_dir or py_modules, not "${value}"`);
}
