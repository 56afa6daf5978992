import type { ContainerCreateOptions } from 'dockerode';
import { hostConfigFromRunOptions } from '../run-options/engine-host-config.js';
import type { ContainerRunPlan } from './container-run-plan.js';

/** Labels that let a later launch find containers a crashed launcher left behind. */
export const launcherLabels = {
  plugin: 'io.runtime-env.plugin',
  launcherPid: 'io.runtime-env.launcher-pid',
  launcherHost: 'io.runtime-env.launcher-host',
} as const;

/** The Engine API's create-container body for a plan. */
export function engineCreateRequest(plan: ContainerRunPlan, labels: Record<string, string>): ContainerCreateOptions {
  const hostConfig = hostConfigFromRunOptions(plan.hostOptions);
  return {
    Image: plan.image,
    ...(plan.command.length > 0 ? { Cmd: plan.command } : {}),
    Env: Object.entries(plan.environment).map(([name, value]) => `${name}=${value}`),
    ...(plan.workingDirectory ? { WorkingDir: plan.workingDirectory } : {}),
    ...(plan.user ? { User: plan.user } : {}),
    Labels: labels,
    Tty: false,
    AttachStdin: plan.interactive,
    AttachStdout: true,
    AttachStderr: true,
    OpenStdin: plan.interactive,
    // The Engine closes the container's stdin when the attached client closes its side: that is how EOF gets through.
    StdinOnce: plan.interactive,
    HostConfig: {
      ...hostConfig,
      Binds: [...plan.binds, ...(hostConfig.Binds ?? [])],
      Init: plan.init,
      ...(plan.network ? { NetworkMode: plan.network } : {}),
    },
  };
}
