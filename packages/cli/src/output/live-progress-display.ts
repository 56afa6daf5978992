import type { ProgressEvent } from '@runtime-env/core';
import type { ProgressDisplay } from './progress-display-type.js';
import { applyProgressEvent, formatLiveLine, type PluginProgress } from './progress-line.js';

const redrawIntervalMs = 100;
const clearLine = '\r\u001b[2K';
const cursorUp = (lines: number) => (lines > 0 ? `\u001b[${lines}A` : '');

/**
 * One line per plugin, redrawn in place with ANSI cursor movement. Lines are cut to
 * the terminal's width because a wrapped line would break the cursor arithmetic.
 */
export class LiveProgressDisplay implements ProgressDisplay {
  private readonly progressByPlugin = new Map<string, PluginProgress>();
  private linesDrawn = 0;
  private ticker: NodeJS.Timeout | undefined;

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly columns: number,
    private readonly secrets: (text: string) => string = (text) => text,
  ) {}

  update(event: ProgressEvent): void {
    const now = Date.now();
    this.progressByPlugin.set(event.plugin, applyProgressEvent(this.progressByPlugin.get(event.plugin), event, now));
    // A ticker keeps elapsed times moving while a plugin is silent for a while.
    if (!this.ticker) {
      this.ticker = setInterval(() => this.draw(), redrawIntervalMs);
      this.ticker.unref();
    }
  }

  finish(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.draw();
  }

  private draw(): void {
    if (this.progressByPlugin.size === 0) return;
    const now = Date.now();
    const entries = [...this.progressByPlugin.values()];
    const pluginWidth = Math.max(...entries.map((entry) => entry.plugin.length));
    const lines = entries.map((entry) => this.secrets(formatLiveLine(entry, pluginWidth, now)).slice(0, Math.max(20, this.columns - 1)));
    this.stream.write(cursorUp(this.linesDrawn) + lines.map((line) => `${clearLine}${line}\n`).join(''));
    this.linesDrawn = lines.length;
  }
}
