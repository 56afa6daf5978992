import { PLUGIN_API_VERSION, SetupFailure, definePlugin, type CreateResult, type LockedPackage } from '@runtime-env/plugin-api';
import { condaOptionsSchema, type CondaOptions } from './conda-options.js';
import { applyCondaActivation } from './conda-context.js';
import { formatCondaLock, lockOfSolved } from './conda-lock.js';
import { condaKey } from './conda-key.js';
import { uniqueDiskBytes } from './disk-usage.js';
import { channelUrls } from './embedded/channel-urls.js';
import { installEnvironment, packageCacheFolder } from './embedded/install-environment.js';
import { machineSubdir } from './embedded/machine-platform.js';
import { chooseEngine, engineLabel } from './engine-choice.js';
import { findNamedEnvironment } from './environment/named-environments.js';
import { installPipSection, withPipSpec } from './environment/pip-section.js';
import { createWithExecutable } from './external/create-with-executable.js';
import { condaSpecSchema } from './spec/conda-spec-schema.js';
import { interpretCondaSpec } from './spec/interpret-conda-spec.js';

function environmentInputs(matchSpecs: readonly string[], pip: readonly string[], channels: readonly string[], options: CondaOptions) {
  return { matchSpecs: withPipSpec(matchSpecs, pip), pip, channels: channelUrls(channels, options) };
}

export const condaPlugin = definePlugin({
  apiVersion: PLUGIN_API_VERSION,
  name: 'conda',
  description: 'conda environments: an external conda/mamba/micromamba if present, an embedded solver and installer otherwise',
  schema: condaSpecSchema,
  options: condaOptionsSchema,
  rules: { conflictsWith: ['pip', 'uv'] },
  formatLock: formatCondaLock,

  async hash(spec, ctx) {
    const request = interpretCondaSpec(spec);
    const engine = chooseEngine(ctx.options);
    if (request.kind === 'named') {
      await findNamedEnvironment(request.name, engine, ctx.options.environmentDirectories, ctx.signal);
      return { keys: [] };
    }
    if (request.kind === 'prefix') return { keys: [] };
    const inputs = environmentInputs(request.matchSpecs, request.pip, request.definition.channels ?? [], ctx.options);
    return { keys: [condaKey({ engine: engineLabel(engine), subdir: machineSubdir(), ...inputs })] };
  },

  async create(spec, ctx): Promise<CreateResult> {
    const request = interpretCondaSpec(spec);
    if (request.kind !== 'environment') {
      throw SetupFailure.permanent(`an existing conda environment (${spec as string}) is only activated, never created`, { code: 'conda_nothing_to_create' });
    }
    const inputs = environmentInputs(request.matchSpecs, request.pip, request.definition.channels ?? [], ctx.options);
    const engine = chooseEngine(ctx.options);
    const prefix = ctx.directory;
    let lock: LockedPackage[];
    let details: Record<string, string | number | boolean | null> = { engine: engineLabel(engine), prefix };
    if (engine.kind === 'external') {
      lock = await createWithExecutable(engine.executable, inputs, prefix, ctx);
    } else {
      const installed = await installEnvironment({
        prefix,
        packageCacheDirectory: packageCacheFolder(ctx.pluginDirectory),
        matchSpecs: inputs.matchSpecs,
        channels: inputs.channels,
        subdir: machineSubdir(),
        downloadConcurrency: ctx.options.downloadConcurrency,
        signal: ctx.signal,
        progress: ctx.progress,
        logger: ctx.logger,
      });
      lock = lockOfSolved(installed.packages);
      details = { ...details, pythonVersion: installed.pythonShortVersion ?? null, ...installed.statistics };
      if (inputs.pip.length > 0) lock.push(...(await installPipSection(prefix, inputs.pip, ctx)));
    }
    const usage = await uniqueDiskBytes([prefix]);
    return { sizeBytes: usage.bytes, lock, details };
  },

  async modifyContext(spec, ctx) {
    const { uris, context } = ctx;
    const request = interpretCondaSpec(spec);
    if (request.kind === 'prefix') return applyCondaActivation(context, request.path, request.path, undefined);
    if (request.kind === 'named') {
      const prefix = await findNamedEnvironment(request.name, chooseEngine(ctx.options), ctx.options.environmentDirectories, ctx.signal);
      return applyCondaActivation(context, prefix, request.name, undefined);
    }
    const uri = uris[0];
    if (!uri) throw new Error('the conda environment has no URI to activate');
    const prefix = ctx.directoryOf(uri);
    applyCondaActivation(context, prefix, request.definition.name ?? prefix, request.definition.variables);
  },
});
