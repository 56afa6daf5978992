import type { LaunchContext } from '@runtime-env/plugin-api';
import { parseRunOptions, type ParsedRunOption } from '../run-options/parse-run-options.js';
import { containerEnvironment } from './container-environment.js';
import { launchDataOf } from './container-launch-data.js';

/** Everything about one container run, before it is rendered as an Engine request or a `docker run` line. */
export interface ContainerRunPlan {
  /** The launching plugin, for labels. */
  plugin: string;
  image: string;
  imageName: string;
  /** Empty: the image's default command. */
  command: string[];
  environment: Record<string, string>;
  workingDirectory?: string;
  user?: string;
  network?: string;
  init: boolean;
  interactive: boolean;
  /** `source:target:ro` binds for working_dir / py_modules. */
  binds: string[];
  /** Run options left for the host config (volumes, limits, devices...). */
  hostOptions: ParsedRunOption[];
}

export interface PlanInputs {
  /** Where `${NAME}` and bare `--env NAME` values come from; default `process.env`. */
  hostEnvironment?: Readonly<Record<string, string | undefined>>;
  /** `uid:gid` to run as when the launch data says to match the caller; default this process's. */
  callerUser?: string;
  /** Whether stdin is forwarded. */
  interactive?: boolean;
}

/**
 * Folds the context, the launch data and the run options into one plan. Run
 * options win over the context (a `--workdir` in run_options beats working_dir,
 * an `--env` beats env_vars), as the later `-e` wins in `docker run`.
 */
export function planContainerRun(context: LaunchContext, command: readonly string[], inputs: PlanInputs = {}): ContainerRunPlan {
  const { plugin, data } = launchDataOf(context);
  const hostEnvironment = inputs.hostEnvironment ?? process.env;
  const environment = containerEnvironment(context, data.imageEnvironment, hostEnvironment);
  let workingDirectory = context.workingDirectory;
  let user = data.matchCallerUser ? (inputs.callerUser ?? callerUserOfThisProcess()) : undefined;
  let network = data.defaultNetwork ?? undefined;
  const hostOptions: ParsedRunOption[] = [];
  for (const option of parseRunOptions(data.runOptions).options) {
    if (option.name === 'env') addRunOptionVariable(environment, option.value, hostEnvironment);
    else if (option.name === 'workdir') workingDirectory = option.value;
    else if (option.name === 'user') user = option.value;
    else if (option.name === 'network') network = option.value;
    else hostOptions.push(option);
  }
  return {
    plugin,
    image: data.image,
    imageName: data.imageName,
    command: command.length === 0 ? [] : [...context.commandPrefix, ...command],
    environment,
    ...(workingDirectory ? { workingDirectory } : {}),
    ...(user ? { user } : {}),
    ...(network ? { network } : {}),
    init: data.init,
    interactive: inputs.interactive ?? false,
    binds: data.mounts.map((mount) => `${mount.source}:${mount.target}${mount.readOnly ? ':ro' : ''}`),
    hostOptions,
  };
}

/** `--env NAME=VALUE` sets; a bare `--env NAME` copies the launching process's value, or nothing, as docker does. */
function addRunOptionVariable(environment: Record<string, string>, entry: string, hostEnvironment: Readonly<Record<string, string | undefined>>): void {
  const equals = entry.indexOf('=');
  const name = equals === -1 ? entry : entry.slice(0, equals);
  const value = equals === -1 ? hostEnvironment[name] : entry.slice(equals + 1);
  if (value !== undefined) Object.defineProperty(environment, name, { value, enumerable: true, writable: true, configurable: true });
}

function callerUserOfThisProcess(): string | undefined {
  return process.getuid && process.getgid ? `${process.getuid()}:${process.getgid()}` : undefined;
}
