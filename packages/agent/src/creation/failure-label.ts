import { PluginError, RuntimeEnvError, SetupFailure, ValidationError } from '@runtime-env/core';
import type { FailureLabel } from '../metrics/agent-metrics.js';

/** The `class` label of `runtime_env_failures_total` for an error from `getOrCreate`. */
export function failureLabel(error: unknown): FailureLabel {
  if (ValidationError.isInstance(error)) return 'validation';
  if (RuntimeEnvError.isInstance(error)) {
    if (error.code === 'setup_timeout') return 'timeout';
    if (error.code === 'cancelled') return 'cancelled';
    if (PluginError.isInstance(error) || SetupFailure.isInstance(error)) return error.failureClass;
  }
  return 'other';
}
