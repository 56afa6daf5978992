import * as values from './run-option-values.js';

/** One docker-run option this plugin maps onto the Engine API. */
export interface RunOptionDefinition {
  /** The long name without dashes; it is the canonical spelling. */
  name: string;
  shortName?: string;
  /** False for flags such as `--privileged`. */
  takesValue: boolean;
  check(value: string): string | undefined;
}

/**
 * The supported subset of `docker run` options. The list is closed on purpose:
 * an option this plugin does not map would be silently ignored, which is worse
 * than an error that names the options that work.
 */
export const runOptionDefinitions: readonly RunOptionDefinition[] = [
  { name: 'volume', shortName: 'v', takesValue: true, check: values.checkVolume },
  { name: 'env', shortName: 'e', takesValue: true, check: values.checkEnvironmentEntry },
  { name: 'gpus', takesValue: true, check: values.checkGpus },
  { name: 'cpus', takesValue: true, check: values.checkCpus },
  { name: 'memory', shortName: 'm', takesValue: true, check: values.checkByteSize },
  { name: 'shm-size', takesValue: true, check: values.checkByteSize },
  { name: 'network', takesValue: true, check: values.checkNotEmpty },
  { name: 'user', shortName: 'u', takesValue: true, check: values.checkUser },
  { name: 'workdir', shortName: 'w', takesValue: true, check: values.checkAbsolutePath },
  { name: 'ipc', takesValue: true, check: values.checkIpcMode },
  { name: 'pid', takesValue: true, check: values.checkPidMode },
  { name: 'cap-add', takesValue: true, check: values.checkCapability },
  { name: 'cap-drop', takesValue: true, check: values.checkCapability },
  { name: 'device', takesValue: true, check: values.checkDevice },
  { name: 'ulimit', takesValue: true, check: values.checkUlimit },
  { name: 'privileged', takesValue: false, check: values.checkBoolean },
];

/** `-v/--volume, -e/--env, --gpus, ...`, for error messages and the README. */
export const supportedRunOptionsText = runOptionDefinitions
  .map((definition) => (definition.shortName ? `-${definition.shortName}/--${definition.name}` : `--${definition.name}`))
  .join(', ');

export function findRunOption(flag: string): RunOptionDefinition | undefined {
  return runOptionDefinitions.find((definition) => definition.name === flag || definition.shortName === flag);
}
