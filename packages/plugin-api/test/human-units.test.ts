import { describe, expect, it } from 'vitest';
import { formatAge, formatBytes, formatDuration } from '../src/format/human-units.js';

describe('sizes, durations and ages as a person reads them (one style for the CLI, the dashboard and plugins)', () => {
  it('writes bytes in binary multiples, a space before the unit', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(200 * 1024 * 1024)).toBe('200 MiB');
    expect(formatBytes(3 * 1024 ** 5)).toBe('3072 TiB');
  });

  it('writes durations in ms, s, then min and s, a space before each unit', () => {
    expect(formatDuration(null)).toBe('-');
    expect(formatDuration(12.4)).toBe('12 ms');
    expect(formatDuration(1500)).toBe('1.5 s');
    expect(formatDuration(59_940)).toBe('59.9 s');
    expect(formatDuration(125_000)).toBe('2 min 5 s');
  });

  it('writes ages compactly, from a Date or a time in ms', () => {
    const now = new Date('2026-01-01T12:00:00Z');
    expect(formatAge('2026-01-01T11:59:30Z', now)).toBe('30s ago');
    expect(formatAge('2026-01-01T11:57:00Z', now.getTime())).toBe('3m ago');
    expect(formatAge('2026-01-01T10:00:00Z', now)).toBe('2h ago');
    expect(formatAge('2025-12-29T12:00:00Z', now)).toBe('3d ago');
    expect(formatAge('2026-01-01T12:00:05Z', now)).toBe('0s ago');
  });
});
