import { failureHintOf, maskUrlCredentialsIn, PluginError, RuntimeEnvError, SetupFailure, ValidationError } from '@runtime-env/core';
import type { ErrorBody } from '@runtime-env/client';
import { EnvironmentCreationError } from '../creation/environment-creation-error.js';
import { HttpError } from './http-error.js';

export interface ErrorResponse {
  status: number;
  body: ErrorBody;
  headers: Record<string, string>;
}

/** Status for each core error code; anything unlisted is a setup failure (422) or, if not ours, a 500. */
const statusByCode: Readonly<Record<string, number>> = {
  invalid_runtime_env: 400,
  launcher_not_local: 400,
  environment_not_found: 404,
  environment_in_use: 409,
  cancelled: 503,
  setup_timeout: 422,
  reference_not_found: 404,
  invalid_lease: 400,
  environment_unstable: 503,
  document_too_deep: 400,
  document_too_large: 413,
};

/**
 * Turns anything thrown while handling a request into an answer. Messages of
 * errors that are not ours are not sent (they may hold paths or values); the
 * request id lets an operator find them in the log. A message or issue quoting
 * a URL (a document's pip index, say) has its credentials masked.
 */
export function errorResponse(thrown: unknown, requestId: string): ErrorResponse {
  const response = unmaskedErrorResponse(thrown, requestId);
  return { ...response, body: maskUrlCredentialsIn(response.body) };
}

function unmaskedErrorResponse(thrown: unknown, requestId: string): ErrorResponse {
  let error = thrown;
  let environmentId: string | undefined;
  if (error instanceof EnvironmentCreationError) {
    environmentId = error.environmentId;
    error = error.cause;
  }
  if (error instanceof HttpError) {
    return {
      status: error.status,
      headers: error.headers,
      body: { error: { code: error.code, message: error.message, requestId, ...(error.issues ? { issues: error.issues } : {}) } },
    };
  }
  if (RuntimeEnvError.isInstance(error)) {
    const details: ErrorBody['error'] = { code: error.code, message: error.message, requestId };
    if (environmentId !== undefined) details.environmentId = environmentId;
    // A plugin's failure has its hint on the error the plugin threw, inside the hook's wrapper.
    const hint = error.hint ?? failureHintOf(error);
    if (hint !== undefined) details.hint = hint;
    if (ValidationError.isInstance(error)) details.issues = error.issues.map((issue) => ({ ...issue }));
    if (PluginError.isInstance(error)) Object.assign(details, { plugin: error.plugin, hook: error.hook, failureClass: error.failureClass });
    else if (SetupFailure.isInstance(error)) details.failureClass = error.failureClass;
    const status = statusByCode[error.code] ?? 422;
    return { status, headers: status === 503 ? { 'retry-after': '5' } : {}, body: { error: details } };
  }
  if (error instanceof Error && error.name === 'AbortError') {
    return {
      status: 503,
      headers: { 'retry-after': '5' },
      body: { error: { code: 'cancelled', message: 'the operation was cancelled (the agent is shutting down)', requestId } },
    };
  }
  return {
    status: 500,
    headers: {},
    body: { error: { code: 'internal_error', message: `the agent failed unexpectedly (request ${requestId}); see its log`, requestId } },
  };
}
