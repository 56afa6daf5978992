/**
 * Whether the agent at `url` runs on this host: a loopback address. Only then is
 * the Docker Engine (and the image the agent pulled) the one this process sees.
 */
export function isLoopbackAgent(url: string): boolean {
  let hostname: string;
  try {
    hostname = new URL(url).hostname;
  } catch {
    return false;
  }
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}
