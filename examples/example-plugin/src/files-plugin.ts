import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { definePlugin, prependToPathList } from '@runtime-env/plugin-api';
import packageJson from '../package.json' with { type: 'json' };
import { filesOptionsSchema, filesSchema } from './files-spec.js';
import { writeFiles } from './write-files.js';

/**
 * The `files` field: text files written into the environment's directory, its
 * `bin/` put on PATH, and the directory's path in a variable (`FILES_DIR`).
 */
export const filesPlugin = definePlugin({
  apiVersion: 1,
  name: 'files',
  version: packageJson.version,
  description: 'Writes text files into the environment and puts its bin/ on PATH.',
  schema: filesSchema,
  options: filesOptionsSchema,
  hash(spec, ctx) {
    // The version is part of every URI, so a new release of the plugin never reuses
    // a directory an old one wrote. `ctx.pluginVersion`, not the package constant:
    // a copy of the plugin with another version must hash differently.
    const digest = createHash('sha256').update(JSON.stringify({ version: ctx.pluginVersion, spec })).digest('hex');
    return [`files://${digest}`];
  },
  isHashPure: () => true,
  async create(_uri, spec, ctx) {
    ctx.logger.info('writing files', { files: Object.keys(spec.contents).length, commands: spec.run.length });
    return { sizeBytes: await writeFiles(spec, ctx) };
  },
  modifyContext([uri], spec, context, ctx) {
    if (uri === undefined) return;
    const directory = ctx.directoryOf(uri);
    if (ctx.options.directoryVariable) context.envVars[ctx.options.directoryVariable] = directory;
    if (Object.keys(spec.contents).some((path) => path.startsWith('bin/'))) prependToPathList(context, 'PATH', [join(directory, 'bin')]);
  },
});
