import type { PrewarmResult } from '@runtime-env/client';
import { ExitCode } from '../exit-codes.js';
import { writeJson } from './write-json.js';

/** How `rtenv prewarm` reports, through an agent or not: one line (or JSON entry) per document; exit 3 when any failed. */
export function writePrewarmResults(results: readonly PrewarmResult[], options: { json?: boolean }, stdout: NodeJS.WritableStream): number {
  if (options.json) writeJson(stdout, results);
  else {
    for (const result of results) {
      stdout.write(
        result.state === 'ready'
          ? `#${result.index}: ${result.id} ready and pinned${result.cached ? ' (was cached)' : ''}\n`
          : `#${result.index}: failed: ${result.error?.code}: ${result.error?.message}\n`,
      );
    }
  }
  return results.some((result) => result.state !== 'ready') ? ExitCode.setupFailed : ExitCode.ok;
}
