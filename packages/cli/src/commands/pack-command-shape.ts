import { configOptions, jsonOption } from '../arguments/shared-options.js';

/**
 * What `rtenv pack` is, without what it does: its help and options. Apart from the
 * command so that the fast path (`src/fast-path/pack-on-fast-path.ts`) parses exactly
 * the same arguments without loading the command.
 */
export const packCommandShape = {
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
} as const;
