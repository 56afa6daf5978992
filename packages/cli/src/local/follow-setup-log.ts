import { setTimeout as delay } from 'node:timers/promises';
import type { EnvironmentRecord, RuntimeEnvManager } from '@runtime-env/core';
import type { CliIo } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { GrowingFileReader } from './growing-file-reader.js';
import { failureLine } from '../output/failure-line.js';

/** How often the log and the record are read again. */
const pollMs = 200;
/**
 * How long a `creating` environment may have no live creator before following
 * stops: not at once, because another process may be about to take it over.
 */
const unattendedGraceMs = 1_000;

/**
 * `rtenv logs -f`: prints the setup log as it grows until the creation ends, and
 * returns 0 when the environment is ready, 3 when it failed or nobody is creating
 * it any more (its creator died or gave up), 4 when it was removed meanwhile.
 * Never waits on a dead process: the record says whether its creator still runs.
 */
export async function followSetupLog(manager: RuntimeEnvManager, first: EnvironmentRecord, io: CliIo): Promise<number> {
  const reader = new GrowingFileReader(first.setupLogPath);
  const printNew = async () => void io.stdout.write(await reader.readNew());
  let sawCreating = false;
  let unattendedSince: number | undefined;
  for (;;) {
    // Read before the log, so a state seen final is followed by every line written before it.
    const record = manager.getEnvironment(first.id);
    if (record === undefined) {
      await printNew();
      io.stderr.write(`rtenv: environment ${first.id} was removed while its log was followed\n`);
      return ExitCode.notFound;
    }
    if (record.state !== 'creating') {
      // The creator writes its last line ("ready in", "failed:") just after recording the state.
      if (sawCreating) await delay(pollMs);
      await printNew();
      return reportEnd(record, io);
    }
    sawCreating = true;
    await printNew();
    if (record.creator?.alive) unattendedSince = undefined;
    else if (Date.now() - (unattendedSince ??= Date.now()) >= unattendedGraceMs) {
      io.stderr.write(`rtenv: ${unattendedReason(record)}; it will be created again when next used\n`);
      return ExitCode.setupFailed;
    }
    await delay(pollMs);
  }
}

function reportEnd(record: EnvironmentRecord, io: CliIo): number {
  if (record.state === 'ready') return ExitCode.ok;
  io.stderr.write(failureLine(record.id, record.error));
  return ExitCode.setupFailed;
}

function unattendedReason(record: EnvironmentRecord): string {
  return record.creator
    ? `the process creating environment ${record.id} (pid ${record.creator.pid}) is gone before it was ready`
    : `nobody is creating environment ${record.id} (its creation was cancelled, or it must be built again)`;
}
