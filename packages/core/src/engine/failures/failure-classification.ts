import type { FailureClass } from '@runtime-env/plugin-api';
import { SetupFailure } from '@runtime-env/plugin-api';

/** errno codes that say the network or a peer hiccuped, not that the request is wrong. */
const TRANSIENT_ERROR_CODES = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/**
 * Whether retrying may help. A `SetupFailure` says so itself; otherwise the error
 * (or any error in its `cause` chain) is transient only when it carries a network
 * errno code. Everything else is permanent, so a package that does not exist is
 * reported at once instead of after three more installs (Ray retries everything).
 */
export function classifyFailure(error: unknown): FailureClass {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && typeof current === 'object'; depth += 1) {
    if (SetupFailure.isInstance(current)) return current.failureClass;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && TRANSIENT_ERROR_CODES.has(code)) return 'transient';
    current = (current as { cause?: unknown }).cause;
  }
  return 'permanent';
}
