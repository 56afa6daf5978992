import type { LaunchContext } from '@runtime-env/plugin-api';
import { formatRunOption } from '../run-options/parse-run-options.js';
import { planContainerRun, type PlanInputs } from './container-run-plan.js';

export interface DockerRunCommand {
  /** Arguments after `docker`: `run --rm ... IMAGE COMMAND...`. */
  arguments: string[];
  /**
   * Variables to add to the docker client's own environment. The arguments name
   * them (`--env NAME`) without their values, so secrets never show in `ps`.
   */
  environment: Record<string, string>;
}

/**
 * The `docker run` equivalent of launching `command` in `context`, for clients
 * that have the docker CLI but not dockerode (or not Node): spawn `docker` with
 * `arguments` and `{...process.env, ...environment}`.
 */
export function dockerRunArgumentsFor(context: LaunchContext, command: readonly string[], inputs: PlanInputs = {}): DockerRunCommand {
  const plan = planContainerRun(context, command, inputs);
  const words = ['run', '--rm'];
  if (plan.interactive) words.push('--interactive');
  if (plan.init) words.push('--init');
  for (const name of Object.keys(plan.environment)) words.push('--env', name);
  if (plan.workingDirectory) words.push('--workdir', plan.workingDirectory);
  if (plan.user) words.push('--user', plan.user);
  if (plan.network) words.push('--network', plan.network);
  for (const bind of plan.binds) words.push('--volume', bind);
  words.push(...plan.hostOptions.map(formatRunOption));
  words.push(plan.image, ...plan.command);
  return { arguments: words, environment: plan.environment };
}
