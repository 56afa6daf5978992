import { describe, expect, it } from 'vitest';
import { accessFor, type AccessQuestion } from '../src/auth/access-rule.js';

const base: AccessQuestion = { method: 'GET', routeIsPublic: false, loopback: true, fromBrowser: false, tokenConfigured: true, loopbackHostHeader: true };

describe('who needs the token', () => {
  it('reads on loopback are open; actions there need the token when there is one', () => {
    expect(accessFor(base)).toBe('open');
    expect(accessFor({ ...base, method: 'HEAD' })).toBe('open');
    expect(accessFor({ ...base, method: 'POST' })).toBe('token');
    expect(accessFor({ ...base, method: 'DELETE', tokenConfigured: false })).toBe('open');
  });

  it('off loopback everything but public routes needs the token', () => {
    expect(accessFor({ ...base, loopback: false })).toBe('token');
    expect(accessFor({ ...base, loopback: false, method: 'PUT' })).toBe('token');
    expect(accessFor({ ...base, loopback: false, routeIsPublic: true })).toBe('open');
  });

  it('an action from a browser always needs a token, and is refused when the agent has none', () => {
    expect(accessFor({ ...base, method: 'POST', fromBrowser: true })).toBe('token');
    expect(accessFor({ ...base, method: 'POST', fromBrowser: true, tokenConfigured: false })).toBe('refuse-browser-action');
    expect(accessFor({ ...base, method: 'GET', fromBrowser: true, tokenConfigured: false })).toBe('open');
  });

  it('on loopback, a request addressed to another name (DNS rebinding) needs the token, or is refused', () => {
    expect(accessFor({ ...base, loopbackHostHeader: false })).toBe('token');
    expect(accessFor({ ...base, loopbackHostHeader: false, tokenConfigured: false })).toBe('refuse-foreign-host');
    expect(accessFor({ ...base, loopbackHostHeader: false, routeIsPublic: true })).toBe('open');
    expect(accessFor({ ...base, loopback: false, loopbackHostHeader: false })).toBe('token');
  });
});
