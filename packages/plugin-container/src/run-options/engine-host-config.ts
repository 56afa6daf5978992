import type { HostConfig } from 'dockerode';
import { parseByteSize } from './byte-size.js';
import type { ParsedRunOption } from './parse-run-options.js';

/**
 * Maps the resource and isolation options onto the Engine API's `HostConfig`, the
 * way the docker CLI does. `--env`, `--user`, `--workdir` and `--network` are not
 * here: the launch plan folds them into the container's own settings.
 */
export function hostConfigFromRunOptions(options: readonly ParsedRunOption[]): HostConfig {
  const hostConfig: HostConfig = {};
  for (const { name, value } of options) {
    switch (name) {
      case 'volume':
        hostConfig.Binds = [...(hostConfig.Binds ?? []), value];
        break;
      case 'gpus':
        hostConfig.DeviceRequests = [...(hostConfig.DeviceRequests ?? []), gpuRequest(value)];
        break;
      case 'cpus':
        hostConfig.NanoCpus = Math.round(Number(value) * 1e9);
        break;
      case 'memory':
        hostConfig.Memory = parseByteSize(value);
        break;
      case 'shm-size':
        hostConfig.ShmSize = parseByteSize(value);
        break;
      case 'ipc':
        hostConfig.IpcMode = value;
        break;
      case 'pid':
        hostConfig.PidMode = value;
        break;
      case 'cap-add':
        hostConfig.CapAdd = [...(hostConfig.CapAdd ?? []), value.toUpperCase()];
        break;
      case 'cap-drop':
        hostConfig.CapDrop = [...(hostConfig.CapDrop ?? []), value.toUpperCase()];
        break;
      case 'device':
        hostConfig.Devices = [...(hostConfig.Devices ?? []), deviceMapping(value)];
        break;
      case 'ulimit':
        hostConfig.Ulimits = [...(hostConfig.Ulimits ?? []), ulimit(value)];
        break;
      case 'privileged':
        hostConfig.Privileged = true;
        break;
    }
  }
  return hostConfig;
}

interface DeviceRequest {
  Driver: string;
  Count: number;
  DeviceIDs: string[];
  Capabilities: string[][];
  Options: Record<string, string>;
}

/** The docker CLI's reading of `--gpus`: `all`, `2`, `device=0,1`, `driver=nvidia,count=2`. */
function gpuRequest(value: string): DeviceRequest {
  const request: DeviceRequest = { Driver: '', Count: 0, DeviceIDs: [], Capabilities: [['gpu']], Options: {} };
  if (value === 'all') return { ...request, Count: -1 };
  if (/^\d+$/.test(value)) return { ...request, Count: Number(value) };
  let currentKey = '';
  for (const part of value.split(',')) {
    const [key, setting = ''] = part.includes('=') ? part.split('=', 2) : [currentKey, part];
    currentKey = key ?? '';
    if (currentKey === 'count') request.Count = setting === 'all' ? -1 : Number(setting);
    if (currentKey === 'device') request.DeviceIDs.push(setting);
    if (currentKey === 'driver') request.Driver = setting;
    if (currentKey === 'capabilities') request.Capabilities = [[...(request.Capabilities[0] ?? []), setting]];
  }
  return request;
}

function deviceMapping(value: string): { PathOnHost: string; PathInContainer: string; CgroupPermissions: string } {
  const [onHost = '', second, third] = value.split(':');
  const secondIsPermissions = second !== undefined && !second.startsWith('/');
  return {
    PathOnHost: onHost,
    PathInContainer: second !== undefined && !secondIsPermissions ? second : onHost,
    CgroupPermissions: (secondIsPermissions ? second : third) ?? 'rwm',
  };
}

function ulimit(value: string): { Name: string; Soft: number; Hard: number } {
  const [name = '', limits = ''] = value.split('=');
  const [soft = '0', hard] = limits.split(':');
  return { Name: name, Soft: Number(soft), Hard: Number(hard ?? soft) };
}
