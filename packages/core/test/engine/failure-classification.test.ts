import { describe, expect, it } from 'vitest';
import { classifyFailure } from '../../src/engine/failures/failure-classification.js';
import { SetupFailure } from '../../src/index.js';

describe('classifyFailure', () => {
  it('trusts SetupFailure', () => {
    expect(classifyFailure(SetupFailure.transient('503'))).toBe('transient');
    expect(classifyFailure(SetupFailure.permanent('no such package'))).toBe('permanent');
  });

  it('finds network errno codes, also in the cause chain', () => {
    expect(classifyFailure(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe('transient');
    expect(classifyFailure(new Error('download failed', { cause: Object.assign(new Error('dns'), { code: 'EAI_AGAIN' }) }))).toBe('transient');
  });

  it('calls everything else permanent', () => {
    expect(classifyFailure(Object.assign(new Error('no file'), { code: 'ENOENT' }))).toBe('permanent');
    expect(classifyFailure('a string')).toBe('permanent');
    expect(classifyFailure(new TypeError('bug'))).toBe('permanent');
  });
});
