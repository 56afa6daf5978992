import { SetupFailure, type CreateContext } from '@runtime-env/plugin-api';
import type { BaseInterpreter } from '../base-interpreter.js';
import type { InterpreterFacts } from '../python-packaging/interpreter-facts.js';
import { MarkerError } from '../python-packaging/markers.js';
import type { ResolvedDistribution } from '../store/resolution-report.js';
import type { PylockPackage } from './pylock-read.js';
import { selectFromPylock } from './pylock-selection.js';
import { selectFromPylockInProcess } from './pylock-selection-in-process.js';

/**
 * The resolution a lock file gives on the base interpreter; a lock that does not
 * fit it is a permanent failure naming the packages. Decided in process from
 * the interpreter's cached facts; by pip's `packaging` in Python when there are
 * none, or a marker is one the in-process evaluator does not answer.
 */
export function lockedResolutionFor(
  ctx: CreateContext<unknown>,
  interpreter: BaseInterpreter,
  lock: readonly PylockPackage[],
  facts?: InterpreterFacts,
): () => Promise<ResolvedDistribution[]> {
  return async () => {
    try {
      if (facts) {
        try {
          return selectFromPylockInProcess(facts, lock);
        } catch (error) {
          if (!(error instanceof MarkerError)) throw error;
          ctx.logger.debug(`the lock is matched by Python: ${error.message}`);
        }
      }
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
