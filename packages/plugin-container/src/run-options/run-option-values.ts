import { parseByteSize } from './byte-size.js';

/**
 * Checks of each option's value. Each returns a sentence saying what is expected,
 * or undefined when the value is fine. They never repeat the value of `--env`,
 * which may be a secret.
 */
const ulimitNames = new Set([
  'core',
  'cpu',
  'data',
  'fsize',
  'locks',
  'memlock',
  'msgqueue',
  'nice',
  'nofile',
  'nproc',
  'rss',
  'rtprio',
  'rttime',
  'sigpending',
  'stack',
]);

export function checkVolume(value: string): string | undefined {
  const [source = '', target = '', mode, ...rest] = value.split(':');
  if (source === '' || !target.startsWith('/') || rest.length > 0)
    return 'expects SOURCE:/container/path[:ro|rw], SOURCE being an absolute host path or a volume name';
  if (mode !== undefined && !/^[a-zA-Z,]+$/.test(mode))
    return `has an invalid mode "${mode}"; use ro or rw (and z, Z, shared, slave, private, delegated, cached, consistent)`;
  return undefined;
}

export function checkEnvironmentEntry(value: string): string | undefined {
  const name = value.split('=', 1)[0] ?? '';
  if (name === '') return "expects NAME=VALUE, or NAME to pass the launching process's value";
  if (value.includes('\0')) return 'contains a NUL character, which environment variables cannot hold';
  return undefined;
}

export function checkGpus(value: string): string | undefined {
  if (/^(all|\d+)$/.test(value)) return undefined;
  const parts = value.split(',');
  let afterDevice = false;
  for (const part of parts) {
    const [key, setting] = part.includes('=') ? (part.split('=', 2) as [string, string]) : [undefined, part];
    if (key === undefined) {
      if (!afterDevice) return 'expects "all", a count, "count=N", "device=ID[,ID...]" or "driver=NAME,count=N"';
      continue;
    }
    afterDevice = key === 'device';
    if (!['count', 'device', 'driver', 'capabilities'].includes(key)) return `has an unknown key "${key}"; use count, device, driver or capabilities`;
    if (key === 'count' && !/^(all|\d+)$/.test(setting)) return 'count must be a number or "all"';
  }
  return undefined;
}

export function checkCpus(value: string): string | undefined {
  return /^\d+(\.\d+)?$/.test(value) && Number(value) > 0 ? undefined : 'expects a positive number of CPUs such as 1.5';
}

export function checkByteSize(value: string): string | undefined {
  return parseByteSize(value) === undefined ? 'expects a size such as 512m or 2g (binary units b, k, m, g, t)' : undefined;
}

export function checkNotEmpty(value: string): string | undefined {
  return value.trim() === '' ? 'expects a value' : undefined;
}

export function checkUser(value: string): string | undefined {
  return /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(value) ? undefined : 'expects NAME or UID, optionally :GROUP or :GID';
}

export function checkAbsolutePath(value: string): string | undefined {
  return value.startsWith('/') ? undefined : 'expects an absolute path inside the container';
}

export function checkIpcMode(value: string): string | undefined {
  return /^(host|private|shareable|none|container:.+)$/.test(value) ? undefined : 'expects host, private, shareable, none or container:NAME';
}

export function checkPidMode(value: string): string | undefined {
  return /^(host|container:.+)$/.test(value) ? undefined : 'expects host or container:NAME';
}

export function checkCapability(value: string): string | undefined {
  return /^(CAP_)?[A-Z_]+$/i.test(value) ? undefined : 'expects a capability name such as NET_ADMIN or ALL';
}

export function checkDevice(value: string): string | undefined {
  const [onHost = '', inContainer, permissions, ...rest] = value.split(':');
  if (!onHost.startsWith('/') || rest.length > 0) return 'expects /dev/HOST[:/dev/CONTAINER][:rwm]';
  if (inContainer !== undefined && !inContainer.startsWith('/') && !/^[rwm]+$/.test(inContainer)) return 'expects /dev/HOST[:/dev/CONTAINER][:rwm]';
  if (permissions !== undefined && !/^[rwm]+$/.test(permissions)) return 'permissions must be made of r, w and m';
  return undefined;
}

export function checkUlimit(value: string): string | undefined {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(value);
  if (!match) return 'expects NAME=SOFT[:HARD], for example nofile=1024:2048';
  if (!ulimitNames.has(match[1] ?? '')) return `has an unknown limit "${match[1]}"; known: ${[...ulimitNames].join(', ')}`;
  return undefined;
}

export function checkBoolean(value: string): string | undefined {
  return value === 'true' || value === 'false' ? undefined : 'takes no value, or =true / =false';
}
