import type { ProgressEvent } from '@runtime-env/core';
import type { ProgressDisplay } from './progress-display-type.js';

import { formatPlainLine } from './progress-line.js';

/**
 * A line per step for pipes and CI logs. Byte counters alone would flood a log, so a
 * `progress` event is printed only when its phase or message changed.
 */
export class PlainProgressDisplay implements ProgressDisplay {
  private readonly lastStepByPlugin = new Map<string, string>();

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly secrets: (text: string) => string = (text) => text,
  ) {}

  update(event: ProgressEvent): void {
    const step = `${event.kind}|${event.phase}|${event.message ?? ''}`;
    const previous = this.lastStepByPlugin.get(event.plugin);
    this.lastStepByPlugin.set(event.plugin, step);
    if (event.kind === 'progress' && previous !== undefined && previous.startsWith('progress|') && previous === step) return;
    this.stream.write(`${this.secrets(formatPlainLine(event))}\n`);
  }

  finish(): void {}
}
