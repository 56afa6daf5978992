import { describe, expect, it } from 'vitest';
import { createRecordingLogger } from '../src/index.js';
import { createRunProcess, isProcessGroupAlive } from '../src/conformance/run-child-process.js';

function runProcessFor(secrets: readonly string[] = [], signal = new AbortController().signal) {
  const logger = createRecordingLogger();
  const groups = new Set<number>();
  return { logger, groups, runProcess: createRunProcess(signal, logger, secrets, groups) };
}

describe('the suite’s ctx.runProcess', () => {
  it('masks secrets in the log and the output tail, and hands plugins the raw line', async () => {
    const { logger, runProcess } = runProcessFor(['document-secret']);
    const raw: string[] = [];
    const result = await runProcess('sh', ['-c', 'echo "token=document-secret call=call-secret"; exit 4'], {
      secrets: ['call-secret'],
      onLine: (line) => raw.push(line),
    });
    expect(result).toEqual({ exitCode: 4, signal: null, outputTail: ['token=*** call=***'] });
    expect(logger.text()).toContain('token=*** call=***');
    expect(logger.text()).not.toContain('secret');
    expect(raw).toEqual(['token=document-secret call=call-secret']);
  });

  it('feeds input and passes the given environment only', async () => {
    const { runProcess } = runProcessFor();
    const result = await runProcess('sh', ['-c', 'read line; echo "$line/$ONLY/${HOME:-no home}"'], {
      input: 'typed\n',
      env: { ONLY: 'this', PATH: '/usr/bin:/bin' },
    });
    expect(result.outputTail).toEqual(['typed/this/no home']);
  });

  it('returns when the child exits even if a grandchild keeps its pipes open', async () => {
    const { runProcess, groups } = runProcessFor();
    const result = await runProcess('sh', ['-c', 'sleep 60 & echo started']);
    expect(result).toMatchObject({ exitCode: 0, outputTail: ['started'] });
    const [group] = [...groups];
    expect(isProcessGroupAlive(group!)).toBe(true);
    process.kill(-group!, 'SIGKILL');
  });

  it('kills the whole process group when the signal fires, and refuses to start after it', async () => {
    const controller = new AbortController();
    const { runProcess, groups } = runProcessFor([], controller.signal);
    const running = runProcess('sh', ['-c', 'sleep 60 & sleep 60']);
    setTimeout(() => controller.abort(new Error('stop now')), 100);
    expect(await running).toMatchObject({ signal: 'SIGTERM' });
    const [group] = [...groups];
    await expect.poll(() => isProcessGroupAlive(group!)).toBe(false);
    await expect(runProcess('true', [])).rejects.toThrow('stop now');
  });
});
