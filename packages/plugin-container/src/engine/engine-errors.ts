import { RuntimeEnvError } from '@runtime-env/plugin-api';

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
]);

/** The Engine could not be reached, or went away during a call. */
export class ContainerEngineUnavailableError extends RuntimeEnvError {
  readonly endpoint: string;

  constructor(endpoint: string, action: string, cause: unknown) {
    const reason = cause instanceof Error ? ((cause as NodeJS.ErrnoException).code ?? cause.message) : String(cause);
    super('container_engine_unavailable', `the container engine at ${endpoint} did not answer while ${action} (${reason})`, {
      cause,
      hint: 'start it (dockerd, or `systemctl start docker`), or point the plugin option "engine" or DOCKER_HOST at one that runs (podman: unix:///run/podman/podman.sock)',
    });
    this.endpoint = endpoint;
  }
}

/** One Engine API call took longer than `engineTimeoutSeconds`. */
export class ContainerEngineTimeoutError extends RuntimeEnvError {
  constructor(endpoint: string, action: string, seconds: number) {
    super('container_engine_timeout', `the container engine at ${endpoint} did not finish ${action} within ${seconds} s`, {
      hint: 'check that the engine is healthy (`docker info`), or raise the plugin option "engineTimeoutSeconds"',
    });
  }
}

/** Whether an error means the Engine is unreachable rather than that it refused the request. */
export function isEngineUnreachable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && unreachableCodes.has(code);
}

/** The Engine's own explanation of a refused request (`{"message": ...}`), or the error text. */
export function engineMessageOf(error: unknown): string {
  const json = (error as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as { message?: unknown }).message === 'string') return (json as { message: string }).message;
  return error instanceof Error ? error.message : String(error);
}

export function engineStatusOf(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}
