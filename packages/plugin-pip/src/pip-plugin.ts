import { join } from 'node:path';
import { definePlugin, prependToPathList } from '@runtime-env/plugin-api';
import packageJson from '../package.json' with { type: 'json' };
import { resolveBaseInterpreter } from './base-interpreter.js';
import { createPipEnvironment } from './create-pip-environment.js';
import { deletePipEnvironment } from './delete-pip-environment.js';
import { formatPipLock } from './installation-lock.js';
import { runtimeEnvVariables } from './pip-child-environment.js';
import { pipOptionsSchema } from './pip-options.js';
import { pipSpecSchema } from './pip-spec-schema.js';
import { pipUri } from './pip-uri.js';
import { expandRequirements } from './requirement-expansion.js';

/**
 * The `pip` field: one virtual environment per distinct requirement set, keyed by
 * the content of everything that decides what gets installed.
 */
export const pipPlugin = definePlugin({
  apiVersion: 1,
  name: 'pip',
  version: packageJson.version,
  description: 'Isolated Python virtual environments from pip requirements, content-addressed, cached and locked.',
  schema: pipSpecSchema,
  options: pipOptionsSchema,
  rules: { conflictsWith: ['conda', 'uv'] },
  // pip inherits the creating process's environment: another index or config may turn a failure into a success.
  readsEnvironmentVariables: ['PIP_*'],
  formatLock: formatPipLock,
  async hash(spec, ctx) {
    // The core drops a field whose value normalized to nothing, so this is defensive only.
    if (!spec) return [];
    const interpreter = await resolveBaseInterpreter(ctx.options.python, ctx.signal);
    const expanded = expandRequirements(spec.packages);
    // `this.version`, not the package's: a plugin copied with another version must hash differently.
    return [pipUri({ pluginVersion: this.version, spec, expanded, interpreter, options: ctx.options, environmentVariables: runtimeEnvVariables(ctx.runtimeEnv) })];
  },
  async create(uri, spec, ctx) {
    if (!spec) return 0;
    return createPipEnvironment(uri, spec, ctx, this.version);
  },
  delete(_uri, ctx) {
    return deletePipEnvironment(ctx.directory, ctx.pluginDirectory);
  },
  modifyContext(uris, _spec, context, ctx) {
    const uri = uris[0];
    if (uri === undefined) return;
    const venv = join(ctx.directoryOf(uri), 'venv');
    context.envVars.VIRTUAL_ENV = venv;
    prependToPathList(context, 'PATH', [join(venv, 'bin')]);
    context.pythonExecutable = join(venv, 'bin', 'python');
  },
});
