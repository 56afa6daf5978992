import type { GcReport } from '@runtime-env/core';
import { maskUrlCredentialsIn } from '@runtime-env/core/plugin';
import type { CliIo } from '../cli-io.js';
import { formatBytes } from '@runtime-env/plugin-api/format';
import { formatTable } from './format-table.js';
import { writeJson } from './write-json.js';

/** How `rtenv gc` reports, with or without `--agent`. A URI may name its source URL (a git repository with a token): shown masked. */
export function writeGcReport(unmasked: GcReport, options: { json: boolean }, stdout: CliIo['stdout']): void {
  const report = maskUrlCredentialsIn(unmasked);
  if (options.json) return writeJson(stdout, report);
  if (report.removed.length === 0) {
    stdout.write('nothing to collect\n');
    return;
  }
  const rows = report.removed.map((candidate) => [candidate.uri, candidate.plugin, formatBytes(candidate.sizeBytes), candidate.reason]);
  stdout.write(formatTable(['URI', 'PLUGIN', 'SIZE', 'REASON'], rows));
  const verb = report.dryRun ? 'would free' : 'freed';
  stdout.write(`${verb} ${formatBytes(report.bytesFreed)} in ${report.removed.length} URI(s); environments removed: ${report.environmentsRemoved.length}\n`);
}
