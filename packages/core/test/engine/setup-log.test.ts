import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SetupLog } from '../../src/engine/build/setup-log.js';

describe('SetupLog', () => {
  const logPath = () => path.join(mkdtempSync(path.join(tmpdir(), 'rtenv-setup-log-')), 'env.log');

  it('puts each line in the file before write returns, while open and after close', () => {
    const file = logPath();
    const log = new SetupLog(file, ['s3cr3t-value']);
    log.write('core', 'info', 'before open');
    log.open();
    log.write('pip', 'warn', 'token is s3cr3t-value', { detail: 'also s3cr3t-value' });
    // Read while the descriptor is still open: a process killed now leaves this behind.
    expect(readFileSync(file, 'utf8')).toMatch(/INFO {2}\[core\] before open\n.*WARN {2}\[pip\] token is \*+ \{"detail":"also \*+"\}\n$/);
    log.close();
    log.close();
    log.write('core', 'error', 'a late line');
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/ERROR \[core\] a late line$/);
    expect(readFileSync(file, 'utf8')).not.toContain('s3cr3t-value');
    expect(log.tail()).toEqual(['[core] before open', expect.stringMatching(/^\[pip\] token is \*+/), '[core] a late line']);
  });

  it('keeps the tail in memory when the file cannot be opened', () => {
    const log = new SetupLog(path.join(logPath(), 'missing-folder', 'env.log'), []);
    log.open();
    log.write('core', 'info', 'still kept');
    log.close();
    expect(log.tail()).toEqual(['[core] still kept']);
  });
});
