import { describe, expect, it } from 'vitest';
import type { ProgressEvent } from '@runtime-env/core';
import { createProgressDisplay } from '../src/output/progress-display.js';
import { captureIo } from './capture-io.js';

function event(overrides: Partial<ProgressEvent>): ProgressEvent {
  return { environmentId: 'e1', plugin: 'pip', kind: 'progress', phase: 'installing', at: new Date().toISOString(), ...overrides };
}

describe('progress display', () => {
  it('prints plain lines off a terminal, skipping repeated byte-only updates', () => {
    const io = captureIo();
    const display = createProgressDisplay(io, { quiet: false, secrets: [] });
    display.update(event({ kind: 'started', phase: 'resolving' }));
    display.update(event({ phase: 'downloading', bytesDone: 10, bytesTotal: 100 }));
    display.update(event({ phase: 'downloading', bytesDone: 50, bytesTotal: 100 }));
    display.update(event({ kind: 'ready', phase: 'done' }));
    display.finish();
    expect(io.stderrText().split('\n').filter(Boolean)).toEqual([
      'rtenv: pip: started (resolving)',
      'rtenv: pip: downloading: (10 B/100 B 10%)',
      'rtenv: pip: ready (done)',
    ]);
  });

  it('prints nothing when quiet', () => {
    const io = captureIo({ stderrIsTerminal: true, terminalColumns: 80 });
    const display = createProgressDisplay(io, { quiet: true, secrets: [] });
    display.update(event({}));
    display.finish();
    expect(io.stderrText()).toBe('');
  });

  it('redraws one line per plugin in place on a terminal', () => {
    const io = captureIo({ stderrIsTerminal: true, terminalColumns: 80 });
    const display = createProgressDisplay(io, { quiet: false, secrets: ['hunter22'] });
    display.update(event({ plugin: 'pip', phase: 'downloading', bytesDone: 1024, bytesTotal: 2048 }));
    display.update(event({ plugin: 'working_dir', phase: 'extracting', message: 'from hunter22' }));
    display.finish();
    display.update(event({ plugin: 'pip', kind: 'ready', phase: 'done' }));
    display.finish();
    const output = io.stderrText();
    // The second frame moves the cursor up over the two lines of the first.
    expect(output).toContain('\u001b[2A');
    expect(output).toMatch(/pip\s+downloading\s+(\d+ ms|\d+\.\d s)\s+1\.0 KiB\/2\.0 KiB 50%/);
    expect(output).toMatch(/✓\s+pip\s+done/);
    expect(output).toContain('from ***');
    expect(output).not.toContain('hunter22');
  });
});
