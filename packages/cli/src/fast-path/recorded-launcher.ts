import { silentPluginLogger, type FastPathLauncherRequest, type LaunchContext, type LaunchIo, type LaunchResult } from '@runtime-env/core/fast-path';
import type { LaunchModuleImporter } from './launch-module.js';

/** The launcher plugin's launch module, imported alone and ready to call. */
export interface RecordedLauncher {
  /** What was imported, for RTENV_DEBUG. */
  imported: string;
  launch(context: LaunchContext, command: readonly string[], io: LaunchIo, signal: AbortSignal): Promise<LaunchResult>;
}

/**
 * The recorded launch module, with the options the engine parsed and the hook
 * context the engine would give. A string says why not (it exports no `launch`),
 * and the caller takes the engine's path.
 */
export async function loadRecordedLauncher(
  launcher: FastPathLauncherRequest,
  dataDirectory: string,
  importLaunchModule: LaunchModuleImporter,
): Promise<RecordedLauncher | string> {
  const { launch, options } = await importLaunchModule(launcher);
  if (!launch) return `the launch module of plugin "${launcher.plugin}" exports no launch function`;
  return {
    imported: `${launcher.launchModuleUrl} (its launch module)`,
    launch: (context, command, io, signal) =>
      launch({ context, command, io }, { pluginDirectory: launcher.pluginDirectory, dataDirectory, logger: silentPluginLogger, options, signal }),
  };
}
