import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { definePlugin, prependToPathList } from '@runtime-env/plugin-api';
import { filesOptionsSchema, filesSchema } from './files-spec.js';
import { writeFiles } from './write-files.js';

/**
 * The `files` field: text files written into the environment's directory, its
 * `bin/` put on PATH, and the directory's path in a variable (`FILES_DIR`).
 */
export const filesPlugin = definePlugin({
  apiVersion: 2,
  name: 'files',
  description: 'Writes text files into the environment and puts its bin/ on PATH.',
  schema: filesSchema,
  options: filesOptionsSchema,
  hash(spec) {
    // A key names what `create` builds; the core adds this package's name and
    // version to make the URI, so a new release never reuses an old directory.
    // The spec alone decides it: no file, network or clock is read.
    return { keys: [createHash('sha256').update(JSON.stringify(spec)).digest('hex')], fromSpecAlone: true };
  },
  async create(spec, ctx) {
    ctx.logger.info('writing files', { files: Object.keys(spec.contents).length, commands: spec.run.length });
    return { sizeBytes: await writeFiles(spec, ctx) };
  },
  modifyContext(spec, { uris: [uri], context, directoryOf, options }) {
    if (uri === undefined) return;
    const directory = directoryOf(uri);
    if (options.directoryVariable) context.envVars[options.directoryVariable] = directory;
    if (Object.keys(spec.contents).some((path) => path.startsWith('bin/'))) prependToPathList(context, 'PATH', [join(directory, 'bin')]);
  },
});
