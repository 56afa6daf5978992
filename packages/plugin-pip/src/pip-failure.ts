import { SetupFailure } from '@runtime-env/plugin-api';

/** Signs in pip's output that the index could not be reached: worth retrying. */
const networkPatterns = [
  /NewConnectionError/,
  /Connection refused/i,
  /Connection reset/i,
  /Max retries exceeded/,
  /Read timed out/i,
  /ConnectTimeoutError/,
  /Temporary failure in name resolution/,
  /Name or service not known/,
  /Network is unreachable/i,
  /HTTP error 5\d\d/,
  /\b5\d\d Server Error\b/,
  /IncompleteRead/,
  /ProtocolError/,
  /SSLError/,
];

/** Output of a failed pip run, and what it was doing. */
export interface PipRunFailure {
  step: string;
  exitCode: number | null;
  signal: string | null;
  /** Every line pip printed (already in the setup log). */
  lines: readonly string[];
}

function errorLines(lines: readonly string[]): string[] {
  return lines.filter((line) => /^ERROR:/.test(line.trim())).map((line) => line.trim().replace(/^ERROR:\s*/, ''));
}

/**
 * Decides whether a failed pip run is worth retrying, and says what went wrong in
 * words a user can act on. A requirement that does not exist or cannot be satisfied
 * is permanent and named; a failure to reach the index is transient.
 */
export function classifyPipFailure(failure: PipRunFailure): SetupFailure {
  const { lines, step } = failure;
  const errors = errorLines(lines);
  const network = lines.find((line) => networkPatterns.some((pattern) => pattern.test(line)));
  if (network) {
    return SetupFailure.transient(`pip could not reach the package index while ${step}: ${network.trim().slice(0, 300)}`, {
      code: 'pip_index_unreachable',
      hint: 'check that the index (PIP_INDEX_URL or pip_install_options "--index-url") is up and reachable from this node',
    });
  }
  if (failure.signal) {
    return SetupFailure.transient(`pip was killed by ${failure.signal} while ${step}`, { code: 'pip_killed', hint: 'check memory and disk on the node' });
  }
  if (lines.some((line) => /No space left on device/.test(line))) {
    return SetupFailure.transient(`the disk filled up while ${step}`, {
      code: 'pip_disk_full',
      hint: 'free disk space, or lower the budgets so `rtenv gc` evicts more',
    });
  }
  const missing = lines.map((line) => /No matching distribution found for (.+)$/.exec(line.trim())?.[1]).find(Boolean);
  if (missing) {
    const versions = lines.map((line) => /Could not find a version that satisfies the requirement .+ \(from versions: (.*)\)/.exec(line)?.[1]).find(Boolean);
    const available = versions && versions !== 'none' ? `; the index has versions ${versions}` : '; the index has no project of that name';
    return SetupFailure.permanent(`no distribution satisfies the requirement "${missing}"${available}`, {
      code: 'pip_requirement_not_found',
      hint: 'fix the name or version in the pip field, or point PIP_INDEX_URL (in env_vars) at an index that has it',
    });
  }
  if (lines.some((line) => /ResolutionImpossible|conflicting dependencies/.test(line))) {
    const conflict = lines.filter((line) => /requested|depends on|The conflict is caused by/.test(line)).map((line) => line.trim());
    return SetupFailure.permanent(`the requirements conflict with each other: ${conflict.join('; ') || errors.join('; ')}`, {
      code: 'pip_requirements_conflict',
      hint: 'loosen or change the conflicting version pins in the pip field',
    });
  }
  const invalid = errors.find((line) => /Invalid requirement|Could not open requirements file|no such option|Invalid wheel/i.test(line));
  if (invalid) return SetupFailure.permanent(`pip rejected the input while ${step}: ${invalid}`, { code: 'pip_invalid_input', hint: 'fix the pip field' });
  const summary =
    errors.length > 0
      ? errors.join('; ')
      : lines
          .slice(-5)
          .map((line) => line.trim())
          .join(' | ');
  return SetupFailure.permanent(`pip failed (exit code ${failure.exitCode}) while ${step}: ${summary}`, {
    code: 'pip_failed',
    hint: "read the setup log (`rtenv logs ENV`) for pip's full output",
  });
}
