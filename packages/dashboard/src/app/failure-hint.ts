/** What the environment record says about a failure. */
export interface RecordedFailure {
  code: string;
  message: string;
  plugin?: string;
  hook?: string;
  failureClass?: string;
  failedAt: string;
}

/**
 * What to do about a failure, from what the record keeps of it (its code and
 * class): the record does not keep the hint the original error carried.
 */
export function failureHint(failure: RecordedFailure, environmentId: string): string {
  if (failure.code === 'setup_timeout') return 'raise "config": {"setup_timeout_seconds": N} in the runtime_env (or -1 for no limit), then create it again';
  if (failure.code === 'cancelled') return 'the creation was cancelled (the agent stopped); ask for the environment again';
  const where = failure.plugin === undefined ? '' : ` (plugin "${failure.plugin}"${failure.hook === undefined ? '' : `, hook ${failure.hook}`})`;
  if (failure.failureClass === 'transient') return `a transient failure${where}: retry with \`rtenv run --retry\` or POST /v1/envs with "retry": true`;
  return `read the setup log below for the step that failed${where}, fix the document or what it points at, then run again with --retry (\`rtenv logs ${environmentId.slice(0, 12)}\` shows the same log)`;
}
