import { RuntimeEnvError } from '@runtime-env/plugin-api';
import { CancelledError } from '@runtime-env/plugin-api';

interface RunningTask<Value> {
  promise: Promise<Value>;
  controller: AbortController;
  waiters: number;
}

/**
 * Work keyed by what it makes (a URI, an environment), run once however many
 * callers ask for it at the same time; they all get its result or its failure.
 * A caller that gives up (its signal fires) leaves; when the last one leaves the
 * work is aborted, and that caller is answered only once the work has cleaned up,
 * so it never sees a half-built directory still on disk.
 */
export class SharedTasks<Value> {
  private readonly running = new Map<string, RunningTask<Value>>();

  get size(): number {
    return this.running.size;
  }

  has(key: string): boolean {
    return this.running.has(key);
  }

  /** Joins the work for `key`, starting it with `start` when none runs. */
  run(key: string, start: (signal: AbortSignal) => Promise<Value>, callerSignal?: AbortSignal, what = key): Promise<Value> {
    if (callerSignal?.aborted) return Promise.reject(cancellationOf(callerSignal, what));
    let task = this.running.get(key);
    if (!task) {
      const controller = new AbortController();
      const created: RunningTask<Value> = { controller, waiters: 0, promise: Promise.resolve(undefined as Value) };
      created.promise = start(controller.signal).finally(() => {
        if (this.running.get(key) === created) this.running.delete(key);
      });
      // Nobody may be left to observe a failure after every caller left.
      created.promise.catch(() => {});
      this.running.set(key, created);
      task = created;
    }
    return this.wait(key, task, callerSignal, what);
  }

  /** Aborts every running task (with `reason`) and waits until each has settled. */
  async abortAll(reason: unknown): Promise<void> {
    const tasks = [...this.running.values()];
    for (const task of tasks) task.controller.abort(reason);
    await Promise.allSettled(tasks.map((task) => task.promise));
  }

  private wait(key: string, task: RunningTask<Value>, callerSignal: AbortSignal | undefined, what: string): Promise<Value> {
    task.waiters += 1;
    if (!callerSignal) return task.promise;
    return new Promise<Value>((resolve, reject) => {
      const leave = (): void => {
        task.waiters -= 1;
        const reason = cancellationOf(callerSignal, what);
        if (task.waiters > 0) {
          reject(reason);
          return;
        }
        // A new caller must start afresh rather than join work that is being undone.
        if (this.running.get(key) === task) this.running.delete(key);
        task.controller.abort(reason);
        task.promise.then(
          () => reject(reason),
          () => reject(reason),
        );
      };
      callerSignal.addEventListener('abort', leave, { once: true });
      task.promise.then(
        (value) => {
          callerSignal.removeEventListener('abort', leave);
          resolve(value);
        },
        (error: unknown) => {
          callerSignal.removeEventListener('abort', leave);
          reject(error);
        },
      );
    });
  }
}

/**
 * The caller's own error when it aborted with one of ours; otherwise (a bare
 * `controller.abort()` gives a DOMException) a `CancelledError`, so callers always
 * see one error type with a stable code.
 */
function cancellationOf(signal: AbortSignal, what: string): unknown {
  return RuntimeEnvError.isInstance(signal.reason) ? signal.reason : new CancelledError(what);
}
