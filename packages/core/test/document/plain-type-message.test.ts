import { describe, expect, it } from 'vitest';
import { plainTypeMessage } from '../../src/document/plain-type-message.js';

describe('plainTypeMessage', () => {
  it.each([
    ['Invalid input: expected object, received array', undefined, 'must be an object, got a list'],
    ['Invalid input: expected object, received array', { setup_timeout_seconds: 300 }, 'must be an object like {"setup_timeout_seconds":300}, got a list'],
    ['Invalid input: expected array or object, received number', undefined, 'must be a list or an object, got a number'],
    ['Invalid input: expected string or array', undefined, 'must be a string or a list'],
    ['Invalid input: expected boolean, received null', undefined, 'must be true or false, got null'],
    ['git_branch must be a branch name', { example: 1 }, 'git_branch must be a branch name'],
  ])('%s (example %j) reads "%s"', (message, example, expected) => {
    expect(plainTypeMessage(message, example)).toBe(expected);
  });
});
