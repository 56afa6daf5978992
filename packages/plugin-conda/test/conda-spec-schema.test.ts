import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { condaSpecSchema } from '../src/spec/conda-spec-schema.js';
import { interpretCondaSpec } from '../src/spec/interpret-conda-spec.js';

function messageOf(input: unknown): string {
  const parsed = condaSpecSchema.safeParse(input);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
  return parsed.error.issues.map((issue) => issue.message).join('\n');
}

describe('conda spec forms (Ray: name, prefix, YAML file, dict)', () => {
  it('keeps an environment name', () => {
    expect(condaSpecSchema.parse('my-env')).toBe('my-env');
    expect(interpretCondaSpec('my-env')).toEqual({ kind: 'named', name: 'my-env' });
  });

  it('keeps an existing absolute prefix and rejects a missing one', () => {
    const prefix = tmpdir();
    expect(interpretCondaSpec(condaSpecSchema.parse(prefix))).toEqual({ kind: 'prefix', path: prefix });
    expect(messageOf('/no/such/prefix')).toContain('is not an existing directory');
  });

  it('reads a YAML file into the environment it holds', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'conda-spec-'));
    const file = join(directory, 'environment.yml');
    await writeFile(file, 'name: demo\nprefix: /old/place\nchannels: [conda-forge]\ndependencies:\n  - python=3.11\n  - pip\n  - pip:\n    - requests==2.31\n');
    expect(condaSpecSchema.parse(file)).toEqual({ name: 'demo', channels: ['conda-forge'], dependencies: ['python=3.11', 'pip', { pip: ['requests==2.31'] }] });
  });

  it('says what is wrong with a missing or malformed YAML file', async () => {
    expect(messageOf('/no/such/environment.yaml')).toMatch(/environment file "\/no\/such\/environment.yaml" does not exist/);
    const directory = await mkdtemp(join(tmpdir(), 'conda-spec-'));
    const file = join(directory, 'bad.yml');
    await writeFile(file, 'dependencies: [unclosed\n');
    expect(messageOf(file)).toContain('is not valid YAML');
    await writeFile(file, '- just\n- a list\n');
    expect(messageOf(file)).toContain('must hold a mapping');
  });

  it('normalizes a dict: deduplicated specs and channels, empty pip section dropped', () => {
    expect(condaSpecSchema.parse({ channels: ['a', 'a', 'b'], dependencies: ['x', 'x', ' y ', { pip: [] }] })).toEqual({
      channels: ['a', 'b'],
      dependencies: ['x', 'y'],
    });
  });

  it('adds no default to a dict: no "channels" key when none was written (Ray keeps the dict as given)', () => {
    const normalized = condaSpecSchema.parse({ dependencies: ['python=3.11'] });
    expect(normalized).toEqual({ dependencies: ['python=3.11'] });
    expect(Object.keys(normalized as object)).not.toContain('channels');
  });

  it('is idempotent: the normalized value parses to itself', () => {
    const once = condaSpecSchema.parse({
      name: 'n',
      channels: ['c'],
      dependencies: ['python', { pip: ['--index-url http://127.0.0.1:1/simple', 'six'] }],
      variables: { A: '1' },
    });
    expect(condaSpecSchema.parse(once)).toEqual(once);
  });

  it.each([
    [3, 'got a number'],
    [['numpy'], 'got a list'],
    [null, 'got null'],
    ['', 'must not be an empty string'],
    [{ channels: ['c'] }, 'dependencies'],
    [{ dependencies: [3] }, 'dependencies'],
    [{ dependencies: ['x', { pip: ['a'] }, { pip: ['b'] }] }, 'only one {"pip": [...]}'],
    [{ dependencies: ['x'], extra: 1 }, 'unknown key(s) "extra"'],
    [{ dependencies: [{ conda: ['x'] }] }, '{"pip": [...]}'],
  ])('rejects %j with a message naming the problem', (input, expected) => {
    expect(messageOf(input)).toContain(expected);
  });
});
