import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import type { BaseInterpreter } from '../base-interpreter.js';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { PylockPackage } from './pylock-read.js';
import { selectFromPylock } from './pylock-selection.js';

/** The resolution a lock file gives on the base interpreter; a lock that does not fit it is a permanent failure naming the packages. */
export function lockedResolutionFor(
  ctx: CreateContext<unknown>,
  interpreter: BaseInterpreter,
  lock: readonly PylockPackage[],
): () => Promise<ResolvedDistribution[]> {
  return async () => {
    try {
      return await selectFromPylock(interpreter.executable, lock, ctx.signal);
    } catch (error) {
      ctx.signal.throwIfAborted();
      throw SetupFailure.permanent((error as Error).message, {
        code: 'pip_lock_unusable',
        hint: `lock the packages for this interpreter (Python ${interpreter.version}, ${interpreter.tag}), e.g. with "pip lock" run by it`,
      });
    }
  };
}
