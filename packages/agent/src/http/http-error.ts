import { RuntimeEnvError } from '@runtime-env/core';
import type { ErrorBody } from '@runtime-env/client';

/** A request the agent refuses, with the HTTP status it is answered with. */
export class HttpError extends RuntimeEnvError {
  readonly status: number;
  readonly issues: ErrorBody['error']['issues'];
  /** Extra headers for the answer (`WWW-Authenticate`, `Allow`, `Retry-After`). */
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options: { hint?: string; issues?: ErrorBody['error']['issues']; headers?: Record<string, string> } = {},
  ) {
    super(code, message, options.hint === undefined ? {} : { hint: options.hint });
    this.status = status;
    this.issues = options.issues;
    this.headers = options.headers ?? {};
  }
}

export const notFound = (what: string, hint?: string): HttpError =>
  new HttpError(404, 'not_found', `${what} does not exist`, hint === undefined ? {} : { hint });

export const badRequest = (code: string, message: string, hint?: string): HttpError => new HttpError(400, code, message, hint === undefined ? {} : { hint });
