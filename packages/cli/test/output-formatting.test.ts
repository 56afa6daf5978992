import { describe, expect, it } from 'vitest';
// The CLI's tables write sizes, durations and ages with the shared module the dashboard uses too.
import { formatAge, formatBytes, formatDuration } from '@runtime-env/plugin-api/format';
import { formatTable } from '../src/output/format-table.js';
import { maskSecrets, secretsOfDocument } from '../src/output/mask-secrets.js';
import { formatLock } from '../src/output/format-lock.js';
import { failureLine } from '../src/output/failure-line.js';

describe('output formatting', () => {
  it('formats byte counts in binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
  });

  it('aligns table columns and leaves the last one unpadded', () => {
    expect(
      formatTable(
        ['A', 'BB'],
        [
          ['xxx', 'y'],
          ['z', 'long'],
        ],
      ),
    ).toBe('A    BB\nxxx  y\nz    long\n');
  });

  it('formats ages and durations', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(formatAge('2026-01-01T11:59:30Z', now)).toBe('30s ago');
    expect(formatAge('2026-01-01T10:00:00Z', now)).toBe('2h ago');
    expect(formatAge('2025-12-29T12:00:00Z', now)).toBe('3d ago');
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(2500)).toBe('2.5 s');
  });

  it('masks secret values, longest first, and leaves short common values alone', () => {
    expect(maskSecrets('token=abcdef12 again abcdef12 and 1', ['abcdef12', '1'])).toBe('token=*** again *** and 1');
    expect(maskSecrets('x=secret-long', ['secret', 'secret-long'])).toBe('x=***');
  });

  it('finds env_vars values in a raw document', () => {
    expect(secretsOfDocument({ env_vars: { A: 'one', B: 2 } })).toEqual(['one']);
    expect(secretsOfDocument('nope')).toEqual([]);
    expect(secretsOfDocument({ pip: ['x'] })).toEqual([]);
  });

  it("formats a lock with the plugin's formatter or as name==version", () => {
    const lock = [
      { name: 'requests', version: '2.31.0' },
      { name: 'idna', version: '3.6' },
    ];
    expect(formatLock(undefined, lock)).toBe('requests==2.31.0\nidna==3.6\n');
    const plugin = { formatLock: (entries: readonly { name: string }[]) => entries.map((entry) => entry.name).join(' ') } as never;
    expect(formatLock(plugin, lock)).toBe('requests idna\n');
  });

  it('asks the plugin for the --format given, and names the plugin when it cannot write it', () => {
    const lock = [{ name: 'requests', version: '2.31.0' }];
    const plugin = {
      name: 'pip',
      formatLock: (entries: readonly { name: string }[], format?: string) => {
        if (format !== undefined && format !== 'pylock') throw new Error('not "toml"');
        return `${format ?? 'default'}:${entries.map((entry) => entry.name).join(' ')}`;
      },
    } as never;
    expect(formatLock(plugin, lock, 'pylock')).toBe('pylock:requests\n');
    expect(formatLock(plugin, lock)).toBe('default:requests\n');
    expect(() => formatLock(plugin, lock, 'toml')).toThrow('plugin "pip" cannot write its lock as "toml": not "toml"');
    expect(() => formatLock(undefined, lock, 'pylock')).toThrow(/has no lock formats/);
  });

  it("ends a followed log on a failure with its code and the error's own hint, when it had one", () => {
    expect(failureLine('abc', { code: 'plugin_failed', hint: 'fix the pip field' })).toBe(
      'rtenv: environment abc failed [plugin_failed]\n  hint: fix the pip field\n',
    );
    expect(failureLine('abc', { code: 'setup_failed' })).toBe('rtenv: environment abc failed [setup_failed]\n');
    expect(failureLine('abc', undefined)).toBe('rtenv: environment abc failed\n');
  });
});
