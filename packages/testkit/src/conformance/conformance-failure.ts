import { RuntimeEnvError } from '@runtime-env/plugin-api';

/**
 * A plugin broke a promise of the contract. The message names the plugin, the
 * promise, and what was observed, so a plugin author can fix it from the test
 * output alone.
 */
export class ConformanceFailure extends RuntimeEnvError {
  readonly plugin: string;
  readonly check: string;

  constructor(plugin: string, check: string, observed: string, hint?: string) {
    super('conformance_failed', `plugin "${plugin}" fails "${check}": ${observed}`, hint ? { hint } : {});
    this.plugin = plugin;
    this.check = check;
  }
}
