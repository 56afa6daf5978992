import { setTimeout as delay } from 'node:timers/promises';
import { AgentRequestError, type AgentClient } from '@runtime-env/client';
import { RuntimeEnvError } from '@runtime-env/core/plugin';

type Output = NodeJS.WritableStream;
import { findEnvironmentId } from './find-environment-id.js';
import { failureLine } from '../output/failure-line.js';

/** How often the log is read again while the creation runs. */
const pollMs = 200;

/**
 * `rtenv logs -f --agent URL`: prints the setup log as it grows until the agent's
 * `/events` stream says the creation ended. The log has no ranged reads, so it is
 * read whole each time and only complete new lines are printed until the end.
 * Returns 0 when ready, 3 when it failed or its creator died (the agent ends the
 * stream then too, its state still `creating`).
 */
export async function followLogThroughAgent(client: AgentClient, idOrPrefix: string, output: { stdout: Output; stderr: Output }): Promise<number> {
  const id = await findEnvironmentId(client, idOrPrefix);
  let printed = 0;
  const printNew = async (whole: boolean) => {
    const text = await readLogIfWritten(client, id);
    const end = whole ? text.length : text.lastIndexOf('\n') + 1;
    if (end > printed) output.stdout.write(text.slice(printed, end));
    printed = Math.max(printed, end);
  };

  let end: { state: string; error?: { code: string } } | undefined;
  const streamEnded = (async () => {
    for await (const event of client.events(id)) if (event.type === 'state') end = event.data;
  })();
  while (!(await Promise.race([streamEnded.then(() => true), delay(pollMs).then(() => false)]))) await printNew(false);
  // The creator writes its last line ("ready in", "failed:") just after recording the state.
  await delay(pollMs);
  await printNew(true);

  if (end === undefined) {
    throw new RuntimeEnvError('events_ended', `the agent at ${client.url} ended the events of environment ${id} before it was ready or failed`, {
      hint: 'the agent may be stopping; run `rtenv logs -f` again once it is back',
    });
  }
  if (end.state === 'ready') return 0;
  output.stderr.write(
    end.state === 'failed'
      ? failureLine(id, end.error)
      : `rtenv: the process creating environment ${id} is gone before it was ready; it will be created again when next used\n`,
  );
  return 3;
}

/** A creation that has not written its first line has no log yet: nothing to print so far. */
async function readLogIfWritten(client: AgentClient, id: string): Promise<string> {
  try {
    return await client.readLog(id);
  } catch (error) {
    if (error instanceof AgentRequestError && error.code === 'log_not_found') return '';
    throw error;
  }
}
