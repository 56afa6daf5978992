import { isProcessGroupGone, type PluginLogger, type RunProcess, runCapturedProcess } from '@runtime-env/plugin-api';

/** The process groups a `runProcess` started, so a check can tell whether any outlived an abort. */
export type ProcessGroupRegistry = Set<number>;

/**
 * The `ctx.runProcess` the suite hands to `create` when it calls hooks directly:
 * the same child handling as the core's (plugin-api's `runCapturedProcess`), with
 * output going to the harness's logger, masked, and each group registered.
 */
export function createRunProcess(signal: AbortSignal, logger: PluginLogger, secrets: readonly string[], registry: ProcessGroupRegistry): RunProcess {
  return (file, args, options = {}) =>
    runCapturedProcess(file, args, options, {
      signal,
      recordLine: (line, stream, callSecrets) => {
        const masked = maskerOf([...secrets, ...callSecrets])(line);
        logger.debug(masked, { stream, process: file });
        return masked;
      },
      onSpawn: (child) => {
        if (child.pid !== undefined) registry.add(child.pid);
        return undefined;
      },
    });
}

/** Whether any live process is left in the group led by `pid` (zombies do not count). */
export function isProcessGroupAlive(pid: number): boolean {
  return !isProcessGroupGone(pid);
}

function maskerOf(secrets: readonly string[]): (line: string) => string {
  const meaningful = secrets.filter((secret) => secret.length > 0);
  return (line) => meaningful.reduce((masked, secret) => masked.split(secret).join('***'), line);
}
