/**
 * Seeded random requests for every route of the agent: random and truncated JSON,
 * random bytes, near-valid bodies with one part mutated, documents nested up to
 * hundreds of thousands of levels, bodies over the size limit, every media type
 * and method, and unknown paths. The same seed gives the same requests, so a
 * failure can be replayed from its index.
 */
import { seededRandom } from './seeded-random.js';

export interface FuzzRequest {
  index: number;
  kind: string;
  method: string;
  path: string;
  body?: string | Buffer;
  headers: Record<string, string>;
}

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Environment ids that exist, so the per-environment routes are reached too. */
  knownIds: readonly string[];
  /** The agent's body limit: a few bodies go just past it. */
  maxBodyBytes: number;
}

const methods = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'PROPFIND'];
const interestingKeys = [
  'runtimeEnv',
  'owner',
  'leaseSeconds',
  'wait',
  'environments',
  'dryRun',
  'all',
  'env_vars',
  'config',
  'pip',
  'working_dir',
  'setup_timeout_seconds',
  '__proto__',
  'constructor',
  'prototype',
  '',
  'A',
];
const interestingStrings = ['', 'a', 'job-1', '../x', 'a/b', '\u0000', '\ud800', 'ünïcode', '${HOME}', '%00', 'x'.repeat(300), '1', 'true', 'null'];
const interestingNumbers = [0, -1, 1, 1.5, 1e308, -1e308, 2 ** 53, 1e-300, 30 * 24 * 3600 + 1];
const contentTypes: readonly (string | undefined)[] = [
  'application/json',
  'APPLICATION/JSON',
  'application/json; charset=utf-8',
  'Application/Json;charset=UTF-8',
  'application/jsonx',
  'application/json-patch+json',
  'text/json',
  'text/plain',
  'multipart/form-data; boundary=x',
  '',
  ';',
  'application/json; charset=latin1',
  undefined,
];

export function fuzzRequests(options: FuzzOptions): FuzzRequest[] {
  const random = seededRandom(options.seed);
  const below = (limit: number): number => Math.floor(random() * limit);
  const pick = <Item>(items: readonly Item[]): Item => items[below(items.length)]!;

  const randomJson = (depth: number): unknown => {
    const roll = below(depth > 4 ? 6 : 8);
    if (roll === 0) return null;
    if (roll === 1) return random() < 0.5;
    if (roll === 2) return pick(interestingNumbers);
    if (roll === 3 || roll === 4) return pick(interestingStrings);
    if (roll === 5) return random() < 0.5 ? below(1000) : `${pick(interestingStrings)}${below(100)}`;
    if (roll === 6) return Array.from({ length: below(4) }, () => randomJson(depth + 1));
    const object: Record<string, unknown> = {};
    for (let entry = below(4); entry > 0; entry -= 1) object[pick(interestingKeys)] = randomJson(depth + 1);
    return object;
  };

  const randomDocument = (): unknown =>
    pick([
      () => ({}),
      () => ({ env_vars: { [pick(interestingKeys)]: pick(interestingStrings) } }),
      () => ({ env_vars: randomJson(2) }),
      () => ({ config: randomJson(2) }),
      () => ({ [pick(interestingKeys)]: randomJson(2) }),
      () => randomJson(1),
    ])();

  /** A body the route would accept, then one part of it replaced by something random. */
  const nearValidBody = (path: string): unknown => {
    const body: Record<string, unknown> =
      path === '/v1/prewarm'
        ? { environments: Array.from({ length: 1 + below(3) }, randomDocument), owner: 'fuzz-prewarm' }
        : path === '/v1/gc'
          ? { dryRun: true }
          : path.includes('/references/')
            ? { leaseSeconds: 60 }
            : { runtimeEnv: randomDocument(), owner: `fuzz-${below(20)}`, ...(random() < 0.3 ? { wait: random() < 0.5 } : {}) };
    if (random() < 0.6) body[pick([...Object.keys(body), ...interestingKeys])] = randomJson(1);
    return body;
  };

  /** `depth` levels of lists or objects, as text: parsing it costs nothing, walking it recursively overflows the stack. */
  const deepText = (depth: number): string => {
    const open = random() < 0.5 ? '{"a":' : '[';
    const close = open === '[' ? ']' : '}';
    const nested = `${open.repeat(depth)}"1"${close.repeat(depth)}`;
    return pick([
      () => `{"runtimeEnv":{"env_vars":${nested}},"owner":"fuzz-deep"}`,
      () => `{"runtimeEnv":${nested.startsWith('{') ? nested : `{"a":${nested}}`},"owner":"fuzz-deep","wait":false}`,
      () => `{"environments":[{"env_vars":${nested}}],"owner":"fuzz-deep"}`,
      () => `{"leaseSeconds":${nested}}`,
      () => `{"dryRun":${nested}}`,
      () => nested,
    ])();
  };

  const paths = (): string => {
    const id =
      random() < 0.7 && options.knownIds.length > 0
        ? pick(options.knownIds)
        : pick([
            below(2 ** 31)
              .toString(16)
              .padStart(32, '0'),
            '..',
            '%2e%2e',
            'a%00b',
            '%E0%A4%A',
            'x'.repeat(300),
          ]);
    return pick([
      '/v1/envs',
      '/v1/envs',
      '/v1/prewarm',
      '/v1/gc',
      '/healthz',
      '/metrics',
      `/v1/envs/${id}`,
      `/v1/envs/${id}/events`,
      `/v1/envs/${id}/log`,
      `/v1/envs/${id}/pin`,
      `/v1/envs/${id}/references/${pick(['fuzz-1', 'steady-owner', '..', 'a%2Fb'])}`,
      `/v1/envs?${pick(['limit=1', 'limit=0', 'state=ready', 'state=x', 'cursor=..', 'plugin=env_vars', 'a=b&a=c'])}`,
      `/v1/envs/${id}?force=${pick(['true', 'false', 'yes'])}`,
      pick(['/', '/v1', '/v2/envs', '/v1/envs/', '/v1/envs//', '/v1/envs/a/b/c/d', '/%2e%2e/etc/passwd', '/metrics/', '/healthz?x']),
    ]);
  };

  const bodyFor = (path: string): { kind: string; body: string | Buffer | undefined } => {
    const roll = below(100);
    if (roll < 8) return { kind: 'deep', body: deepText(Math.floor(2 ** (3 + random() * 14))) };
    if (roll < 9)
      return { kind: 'over the size limit', body: JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(options.maxBodyBytes) } }, owner: 'fuzz-huge' }) };
    if (roll < 14)
      return {
        kind: 'just under the size limit',
        body: JSON.stringify({ runtimeEnv: { env_vars: { A: 'x'.repeat(options.maxBodyBytes - 100) } }, owner: 'fuzz-big' }),
      };
    if (roll < 24) return { kind: 'random bytes', body: Buffer.from(Array.from({ length: below(200) }, () => below(256))) };
    if (roll < 34) {
      const text = JSON.stringify(nearValidBody(path));
      return { kind: 'truncated JSON', body: text.slice(0, below(text.length)) };
    }
    if (roll < 44) return { kind: 'random JSON', body: JSON.stringify(randomJson(0)) ?? 'null' };
    if (roll < 50) return { kind: 'no body', body: undefined };
    return { kind: 'near-valid JSON', body: JSON.stringify(nearValidBody(path)) };
  };

  return Array.from({ length: options.count }, (_, index) => {
    const path = paths();
    // Most requests use the method the path expects, so they get past routing.
    const method =
      random() < 0.25
        ? pick(methods)
        : path === '/v1/prewarm' || path === '/v1/gc' || path === '/v1/envs'
          ? pick(['POST', 'POST', 'GET'])
          : path.includes('/references/') || path.endsWith('/pin')
            ? pick(['PUT', 'DELETE'])
            : pick(['GET', 'DELETE']);
    const { kind, body } = method === 'GET' || method === 'HEAD' ? (random() < 0.9 ? { kind: 'no body', body: undefined } : bodyFor(path)) : bodyFor(path);
    const contentType = random() < 0.7 ? 'application/json' : pick(contentTypes);
    const headers: Record<string, string> = contentType === undefined ? {} : { 'content-type': contentType };
    // Node's client frames a GET or DELETE body by neither length nor chunks; unframed, its bytes would read as the next request.
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return { index, kind, method, path, body, headers };
  });
}
