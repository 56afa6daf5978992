import { PassThrough } from 'node:stream';
import type { LaunchContext, LaunchControl, LaunchResult, RuntimeEnvManager } from '@runtime-env/core';
import { collectOutput } from './collect-output.js';

/**
 * Launches a shell that counts SIGINTs and ends after two, then sends it two
 * through the launch control, each once the previous one was seen, as a terminal
 * would. The same scenario checks a new container and a claimed standby.
 */
export async function sendTwoInterrupts(manager: RuntimeEnvManager, context: LaunchContext): Promise<{ result: LaunchResult; stdout: string }> {
  const stdout = collectOutput();
  const script = 'count=0; trap \'count=$((count+1)); echo "interrupt $count"\' INT; echo ready; while [ $count -lt 2 ]; do sleep 0.05; done; echo done';
  let started!: (control: LaunchControl) => void;
  const controlReady = new Promise<LaunchControl>((resolve) => (started = resolve));
  const launched = manager.launch(context, ['sh', '-c', script], { stdin: 'ignore', stdout: stdout.stream, stderr: new PassThrough(), onStarted: started });
  const control = await controlReady;
  await stdout.waitFor('ready');
  control.sendSignal('SIGINT');
  await stdout.waitFor('interrupt 1');
  control.sendSignal('SIGINT');
  return { result: await launched, stdout: stdout.text() };
}
