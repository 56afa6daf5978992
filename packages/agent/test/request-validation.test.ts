import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rawRequest } from './support/raw-request.js';
import { startTestAgent, type TestAgent } from './support/start-test-agent.js';

let testAgent: TestAgent;
beforeEach(async () => {
  testAgent = await startTestAgent({ maxBodyBytes: 4096 });
});
afterEach(async () => testAgent.close());

const post = (path: string, body: string, headers = { 'content-type': 'application/json' }) => rawRequest(testAgent.agent.url, 'POST', path, body, headers);

describe('request validation', () => {
  it.each([
    ['not JSON', '{"runtimeEnv":', 'invalid_json'],
    ['an array', '[]', 'invalid_request'],
    ['no owner', '{"runtimeEnv":{}}', 'invalid_request'],
    ['an owner with a slash', '{"runtimeEnv":{},"owner":"../etc"}', 'invalid_request'],
    ['a lease of zero', '{"runtimeEnv":{},"owner":"a","leaseSeconds":0}', 'invalid_request'],
    ['a lease as text', '{"runtimeEnv":{},"owner":"a","leaseSeconds":"10"}', 'invalid_request'],
    ['an unknown field', '{"runtimeEnv":{},"owner":"a","extra":true}', 'invalid_request'],
    ['a document that is a string', '{"runtimeEnv":"pip","owner":"a"}', 'invalid_request'],
    ['a __proto__ key', '{"runtimeEnv":{},"owner":"a","__proto__":{"polluted":1}}', 'invalid_request'],
  ])('refuses %s with 400 %s', async (_name, body, code) => {
    const answer = await post('/v1/envs', body);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.code).toBe(code);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('names the field in the message', async () => {
    const answer = await post('/v1/envs', '{"runtimeEnv":{},"owner":"a","leaseSeconds":-5}');
    const error = JSON.parse(answer.body).error;
    expect(error.message).toContain('leaseSeconds');
    expect(error.issues[0].path).toBe('leaseSeconds');
  });

  it('refuses a body over the limit with 413, by its declared length or by what arrives', async () => {
    const big = JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(10_000) } }, owner: 'a' });
    expect((await post('/v1/envs', big)).status).toBe(413);
    const chunked = await rawRequest(testAgent.agent.url, 'POST', '/v1/envs', big, { 'content-type': 'application/json', 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
  });

  it('refuses a body that is not JSON by its content type with 415', async () => {
    expect((await post('/v1/envs', 'a=b', { 'content-type': 'application/x-www-form-urlencoded' })).status).toBe(415);
  });

  // Media types are case-insensitive and may carry parameters (RFC 9110, 8.3.1).
  it.each(['application/json', 'APPLICATION/JSON', 'Application/Json; charset=utf-8', 'application/json;charset=UTF-8', ' application/json '])(
    'accepts the content type "%s"',
    async (contentType) => {
      const answer = await post('/v1/envs', '{"runtimeEnv":{},"owner":"a"}', { 'content-type': contentType });
      expect(answer.status).toBe(200);
    },
  );

  it.each(['application/jsonx', 'application/json-patch+json', 'text/json', 'application/x-json', 'application', ''])(
    'refuses the content type "%s" with 415 naming application/json',
    async (contentType) => {
      const answer = await post('/v1/envs', '{"runtimeEnv":{},"owner":"a"}', { 'content-type': contentType });
      expect(answer.status).toBe(415);
      expect(JSON.parse(answer.body).error.message).toContain('application/json');
    },
  );

  it('refuses a body without a content type with 415, and takes a request without a body', async () => {
    const answer = await rawRequest(testAgent.agent.url, 'POST', '/v1/envs', '{"runtimeEnv":{},"owner":"a"}');
    expect(answer.status).toBe(415);
    expect(JSON.parse(answer.body).error.message).toContain('application/json');
    const chunked = await rawRequest(testAgent.agent.url, 'POST', '/v1/envs', '{"runtimeEnv":{},"owner":"a"}', { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(415);
    expect((await rawRequest(testAgent.agent.url, 'POST', '/v1/gc', undefined, { 'content-length': '0' })).status).toBe(200);
  });

  it.each([
    ['GET', '/v1/envs/..%2F..%2Fetc%2Fpasswd', 400],
    ['GET', '/v1/envs/%E0%A4%A', 400],
    ['GET', '/v1/envs/abc/../../etc', 404],
    ['GET', '/v1/envs/unknown-environment', 404],
    ['GET', '/v1/envs/unknown-environment/events', 404],
    ['GET', '/v1/envs/unknown-environment/log', 404],
    ['DELETE', '/v1/envs/unknown-environment/references/job-1', 404],
    ['PUT', '/v1/envs/unknown-environment/pin', 404],
    ['GET', '/v2/envs', 404],
    ['PATCH', '/v1/envs', 405],
    ['GET', '/v1/gc', 405],
  ])('%s %s answers %i', async (method, path, status) => {
    const answer = await rawRequest(testAgent.agent.url, method, path);
    expect(answer.status).toBe(status);
    expect(JSON.parse(answer.body).error.message.length).toBeGreaterThan(10);
  });

  it('sends the Allow header with 405', async () => {
    const answer = await rawRequest(testAgent.agent.url, 'PATCH', '/v1/envs');
    expect(answer.headers.allow).toBe('POST, GET');
  });

  it('keeps a valid X-Request-Id and makes one otherwise', async () => {
    const kept = await rawRequest(testAgent.agent.url, 'GET', '/healthz', undefined, { 'x-request-id': 'trace-42' });
    expect(kept.headers['x-request-id']).toBe('trace-42');
    const made = await rawRequest(testAgent.agent.url, 'GET', '/healthz', undefined, { 'x-request-id': 'bad id with spaces' });
    expect(made.headers['x-request-id']).toMatch(/^[0-9a-f]{6}-[0-9a-z]+$/);
  });
});
