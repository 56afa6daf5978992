import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import type { WorkingDirOptions } from '../plugin-options.js';

/** `pip install --target`, as Ray does, so the wheel's packages are importable from `target` on PYTHONPATH. */
export async function installWheel(wheel: string, target: string, ctx: CreateContext<WorkingDirOptions>): Promise<void> {
  const result = await ctx.runProcess(
    ctx.options.pythonExecutable,
    ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--target', target, wheel],
    { env: { ...process.env, PIP_NO_INPUT: '1' } },
  );
  if (result.exitCode !== 0) {
    throw SetupFailure.permanent(`pip could not install ${wheel} (exit ${result.exitCode ?? result.signal}):\n${result.outputTail.join('\n')}`, {
      code: 'wheel_install_failed',
      hint: 'check that the wheel suits this Python, and that its dependencies can be found by pip',
    });
  }
}
