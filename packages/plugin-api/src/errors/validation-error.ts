import { RuntimeEnvError } from './runtime-env-error.js';

/** One problem found in a runtime_env document. */
export interface ValidationIssue {
  /** Stable code, for example `unknown_field`, `invalid_type`, `conflicting_fields`. */
  code: string;
  /** Where in the document, dotted with indexes: `pip.pip_install_options[1]`. */
  path: string;
  /** The plugin that owns the field, when one does. */
  plugin?: string;
  /** A sentence saying what is wrong and what was expected. */
  message: string;
}

export class ValidationError extends RuntimeEnvError {
  readonly issues: readonly ValidationIssue[];

  constructor(issues: readonly ValidationIssue[]) {
    const lines = issues.map((issue) => `  - ${issue.path || '(document)'}: ${issue.message}`);
    super('invalid_runtime_env', `Invalid runtime_env:\n${lines.join('\n')}`);
    this.issues = issues;
  }

  static override isInstance(value: unknown): value is ValidationError {
    return RuntimeEnvError.isInstance(value) && value.code === 'invalid_runtime_env';
  }
}
