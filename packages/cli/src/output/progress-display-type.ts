import type { ProgressEvent } from '@runtime-env/core';

/** What shows creation progress; its own file, so the displays and the factory that picks one do not import each other. */
export interface ProgressDisplay {
  update(event: ProgressEvent): void;
  /** Draws the final state and stops any timer. */
  finish(): void;
}
