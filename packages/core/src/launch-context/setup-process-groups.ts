import type { ChildProcess } from 'node:child_process';
import { isProcessGroupGone, terminateProcessGroup } from '@runtime-env/plugin-api';

/**
 * The process groups one creation attempt started through `ctx.runProcess`. A
 * plugin may give up on a child (or throw) before its group is gone; the core
 * terminates what is left before it reports the attempt over, so nothing keeps
 * writing into a URI directory it is about to remove.
 */
export class SetupProcessGroups {
  private readonly children = new Set<ChildProcess>();

  add(child: ChildProcess): void {
    this.children.add(child);
  }

  /** Terminates every group still running (SIGTERM, then SIGKILL) and resolves once all are gone. */
  async terminateAll(): Promise<void> {
    const running = [...this.children].filter((child) => child.pid !== undefined && !isProcessGroupGone(child.pid));
    this.children.clear();
    await Promise.allSettled(running.map((child) => terminateProcessGroup(child)));
  }
}
