import { RuntimeEnvError, type RuntimeEnvManager } from '@runtime-env/core';

/**
 * For a caller that starts the command itself (`rtenv run --agent` on another
 * host): a document whose command a plugin launches (a container) could only be
 * started on this node, so it is refused before anything is created or leased.
 */
export function refuseLauncherDocument(manager: RuntimeEnvManager, document: unknown): void {
  const { runtimeEnv } = manager.validate(document);
  const launcher = manager.plugins.find((loaded) => loaded.plugin.launch !== undefined && runtimeEnv[loaded.plugin.name] !== undefined);
  if (!launcher) return;
  throw new RuntimeEnvError(
    'launcher_not_local',
    `plugin "${launcher.plugin.name}" starts the command of this environment, which only the agent's node can do`,
    {
      hint: "run the command on the agent's node, with `rtenv run` or with `rtenv run --agent` on a loopback address",
    },
  );
}
