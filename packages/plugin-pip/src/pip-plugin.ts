import { join } from 'node:path';
import { definePlugin, prependToPathList } from '@runtime-env/plugin-api';
import { resolveBaseInterpreter } from './base-interpreter.js';
import { formatPipLock } from './installation-lock.js';
import { runtimeEnvVariables } from './pip-child-environment.js';
import { pipOptionsSchema } from './pip-options.js';
import { pipSpecSchema } from './pip-spec-schema.js';
import { pipKey } from './pip-key.js';
import { expandRequirements } from './requirement-expansion.js';

/**
 * The `pip` field: one virtual environment per distinct requirement set, keyed by
 * the content of everything that decides what gets installed.
 */
export const pipPlugin = definePlugin({
  apiVersion: 2,
  name: 'pip',
  description: 'Isolated Python virtual environments from pip requirements, content-addressed, cached and locked.',
  schema: pipSpecSchema,
  options: pipOptionsSchema,
  rules: { conflictsWith: ['conda', 'uv'] },
  // pip inherits the creating process's environment: another index or config may turn a failure into a success.
  readsEnvironmentVariables: ['PIP_*'],
  formatLock: formatPipLock,
  async hash(spec, ctx) {
    // The core drops a field whose value normalized to nothing, so this is defensive only.
    if (!spec) return { keys: [] };
    const interpreter = await resolveBaseInterpreter(ctx.options.python, ctx.signal);
    const expanded = expandRequirements(spec.packages);
    // Requirements files, local wheels and the interpreter are read: never from the spec alone.
    return { keys: [pipKey({ spec, expanded, interpreter, options: ctx.options, environmentVariables: runtimeEnvVariables(ctx.runtimeEnv) })] };
  },
  // The installer (wheel unpacking through safe-extract, the store, pip runs) is loaded
  // on the first create or delete: every process that configures the plugin imports
  // it, and most of them (a cached `rtenv run`, `rtenv ls`, the agent at start) never
  // create. tsup splits each dynamic import into its own chunk.
  async create(spec, ctx) {
    const { createPipEnvironment } = await import('./create-pip-environment.js');
    return createPipEnvironment(spec, ctx);
  },
  async delete(_spec, ctx) {
    const { deletePipEnvironment } = await import('./delete-pip-environment.js');
    return deletePipEnvironment(ctx.directory, ctx.pluginDirectory);
  },
  modifyContext(_spec, { uris, context, directoryOf }) {
    const uri = uris[0];
    if (uri === undefined) return;
    const venv = join(directoryOf(uri), 'venv');
    context.envVars.VIRTUAL_ENV = venv;
    prependToPathList(context, 'PATH', [join(venv, 'bin')]);
    context.pythonExecutable = join(venv, 'bin', 'python');
  },
});
