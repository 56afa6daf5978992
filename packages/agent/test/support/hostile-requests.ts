/**
 * A deterministic corpus of malformed and hostile requests: bad JSON, wrong types,
 * invalid documents, oversized bodies, path tricks in ids and owners, wrong
 * methods and media types. Every one must be answered with a 4xx.
 */
import { seededRandom } from './seeded-random.js';

export interface HostileRequest {
  name: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers?: Record<string, string>;
}

const json = { 'content-type': 'application/json' };

const badJsonBodies = [
  '{',
  '{"runtimeEnv":',
  'nul',
  '{"a":1,}',
  "{'runtimeEnv':{}}",
  '\u0000\u0001',
  '['.repeat(5000),
  '{"runtimeEnv":{"env_vars":{"A":"1"}},"owner":"a"}garbage',
  '\uFEFF{}x',
  'NaN',
];
const wrongValues: unknown[] = [null, 0, -1, 1.5, 'text', '', [], [1, 2], {}, true, 1e308, { $gt: '' }, 'a'.repeat(300)];
const badDocuments: unknown[] = [
  { unknown_field: 1 },
  { env_vars: { A: 1 } },
  { env_vars: ['A=1'] },
  { env_vars: { A: { nested: true } } },
  { env_vars: 'A=1' },
  { config: { setup_timeout_seconds: 'soon' } },
  { config: { no_such_option: true } },
  { working_dir: 42 },
  { constructor: { prototype: { polluted: true } } },
  JSON.parse('{"__proto__": {"polluted": true}}'),
];
const pathTricks = [
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '..',
  '.hidden',
  'a%00b',
  '%E0%A4%A',
  'x'.repeat(5000),
  '%252e%252e%252f',
  'caf%C3%A9',
  'a%20b',
  '-leading-dash',
  'a%2Fb',
];

export function hostileRequests(count: number, seed = 20_261_125): HostileRequest[] {
  const random = seededRandom(seed);
  const pick = <Item>(items: readonly Item[]): Item => items[Math.floor(random() * items.length)]!;
  const makers: (() => HostileRequest)[] = [
    () => ({ name: 'bad JSON', method: 'POST', path: '/v1/envs', body: pick(badJsonBodies), headers: json }),
    () => ({
      name: 'runtimeEnv of a wrong type',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: pick(wrongValues.filter((value) => !(value && typeof value === 'object' && !Array.isArray(value)))), owner: 'job' }),
      headers: json,
    }),
    () => ({
      name: 'owner of a wrong type or shape',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: {}, owner: pick([...wrongValues.filter((value) => value !== 'text'), '../x', 'a/b', ' space', 'ünïcode']) }),
      headers: json,
    }),
    () => ({
      name: 'lease of a wrong type',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: {}, owner: 'job', leaseSeconds: pick([...wrongValues, 0, 1e12]) }),
      headers: json,
    }),
    () => ({
      name: 'wait of a wrong type',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: {}, owner: 'job', wait: pick(['yes', 1, null]) }),
      headers: json,
    }),
    () => ({
      name: 'unknown body field',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: {}, owner: 'job', [`extra${Math.floor(random() * 100)}`]: 1 }),
      headers: json,
    }),
    () => ({
      name: 'invalid runtime_env',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: pick(badDocuments), owner: 'job' }),
      headers: json,
    }),
    () => ({
      name: 'oversized body',
      method: 'POST',
      path: '/v1/envs',
      body: JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(1_100_000) } }, owner: 'job' }),
      headers: json,
    }),
    () => ({
      name: 'not JSON by media type',
      method: 'POST',
      path: '/v1/envs',
      body: 'runtimeEnv=1',
      headers: { 'content-type': pick(['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) },
    }),
    () => ({ name: 'no body', method: 'POST', path: pick(['/v1/envs', '/v1/prewarm']) }),
    () => ({ name: 'path trick in an id', method: pick(['GET', 'DELETE']), path: `/v1/envs/${pick(pathTricks)}${pick(['', '/events', '/log', '/pin'])}` }),
    () => ({ name: 'path trick in an owner', method: 'DELETE', path: `/v1/envs/${'0'.repeat(32)}/references/${pick(pathTricks)}` }),
    () => ({
      name: 'unknown environment',
      method: pick(['GET', 'DELETE']),
      path: `/v1/envs/${Math.floor(random() * 1e9)
        .toString(16)
        .padStart(32, '0')}${pick(['', '/events', '/log', '/references/job'])}`,
    }),
    () => ({
      name: 'unknown route',
      method: 'GET',
      path: pick(['/v2/envs', '/v1', '/v1/envs/a/b/c/d', '/admin', '/v1/envs/', '/v1/envs//', '/%2e%2e/etc/passwd']),
    }),
    () => ({ name: 'wrong method', method: pick(['PATCH', 'PUT', 'DELETE']), path: pick(['/v1/envs', '/v1/gc', '/v1/prewarm', '/healthz', '/metrics']) }),
    () => ({
      name: 'bad list query',
      method: 'GET',
      path: `/v1/envs?${pick(['limit=0', 'limit=-1', 'limit=abc', 'limit=100000', 'state=dead', 'cursor=..%2F', 'unknown=1', `plugin=${'p'.repeat(200)}`])}`,
    }),
    () => ({
      name: 'bad gc body',
      method: 'POST',
      path: '/v1/gc',
      body: JSON.stringify(pick([{ dryRun: 'yes' }, { all: 1 }, { force: true }, [], 'gc'])),
      headers: json,
    }),
    () => ({
      name: 'bad prewarm body',
      method: 'POST',
      path: '/v1/prewarm',
      body: JSON.stringify(
        pick([
          { environments: [] },
          { environments: 'pip' },
          { environments: [1] },
          { environments: Array.from({ length: 101 }, () => ({})) },
          { environments: [{ bad_field: 1 }], extra: 1 },
        ]),
      ),
      headers: json,
    }),
    () => ({
      name: 'bad renew body',
      method: 'PUT',
      path: `/v1/envs/${'0'.repeat(32)}/references/job`,
      body: JSON.stringify(pick([{}, { leaseSeconds: -1 }, { leaseSeconds: 'x' }])),
      headers: json,
    }),
  ];
  return Array.from({ length: count }, (_, index) => {
    const request = makers[index % makers.length]!();
    // Oversized bodies cost a megabyte each: keep them to a handful.
    if (request.name === 'oversized body' && index > makers.length * 10) return makers[0]!();
    return request;
  });
}
