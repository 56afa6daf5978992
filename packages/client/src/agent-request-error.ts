import { RuntimeEnvError } from '@runtime-env/plugin-api';
import type { ErrorBody } from './wire-types.js';

/**
 * The agent answered with an error status. `code` is the agent's stable code
 * (`invalid_runtime_env`, `environment_not_found`, `unauthorized`...), so callers
 * can branch on it exactly as on errors thrown by a local core.
 */
export class AgentRequestError extends RuntimeEnvError {
  readonly status: number;
  readonly details: ErrorBody['error'];

  constructor(status: number, method: string, path: string, details: ErrorBody['error']) {
    super(details.code, `agent answered ${status} to ${method} ${path}: ${details.message}`);
    this.status = status;
    this.details = details;
  }
}

/** The agent could not be reached, or answered something that is not its API. */
export class AgentUnreachableError extends RuntimeEnvError {
  constructor(agentUrl: string, reason: string) {
    super('agent_unreachable', `cannot talk to the agent at ${agentUrl}: ${reason}`, {
      hint: 'check that `rtenv agent` runs and that --agent names the address it printed',
    });
  }
}
