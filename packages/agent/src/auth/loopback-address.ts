import { isIP } from 'node:net';

/** Whether binding to `host` keeps the agent reachable only from this machine. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const version = isIP(host);
  if (version === 4) return host.startsWith('127.');
  if (version === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}

/** Whether a Host header (`localhost:7071`, `127.0.0.1:7071`, `[::1]:7071`) names this machine; absent counts as not. */
export function isLoopbackHostHeader(host: string | undefined): boolean {
  if (host === undefined) return false;
  const name = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.split(':')[0]!;
  return isLoopbackHost(name.toLowerCase());
}
