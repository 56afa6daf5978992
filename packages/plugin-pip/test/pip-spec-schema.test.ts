import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pipSpecSchema } from '../src/pip-spec-schema.js';

function issuesOf(value: unknown): { path: PropertyKey[]; message: string }[] {
  const parsed = pipSpecSchema.safeParse(value);
  if (parsed.success) throw new Error(`expected ${JSON.stringify(value)} to be rejected`);
  return parsed.error.issues.map((issue) => ({ path: issue.path, message: issue.message }));
}

describe('the pip field schema', () => {
  it('normalizes a list: canonical names, de-duplicated in order, comments dropped', () => {
    expect(pipSpecSchema.parse(['Requests >= 2.0', 'requests>=2.0', 'Foo_Bar[Socks, HTTP2]==1', '# a comment', 'numpy; python_version > "3"'])).toEqual({
      packages: ['requests>=2.0', 'foo-bar[http2,socks]==1', 'numpy; python_version > "3"'],
      pip_check: false,
    });
  });

  it('drops the field for an empty list, as Ray does', () => {
    expect(pipSpecSchema.parse([])).toBeUndefined();
  });

  it('reads a requirements-file path and makes its nested includes absolute', () => {
    const folder = mkdtempSync(join(tmpdir(), 'pip-spec-'));
    writeFileSync(join(folder, 'requirements.txt'), 'tabulate==0.9\n\n# pinned\n-r base.txt\n-c constraints.txt\nrequests \\\n  >=2\n');
    expect(pipSpecSchema.parse(join(folder, 'requirements.txt'))).toEqual({
      packages: ['tabulate==0.9', `-r ${join(folder, 'base.txt')}`, `-c ${join(folder, 'constraints.txt')}`, 'requests>=2'],
      pip_check: false,
    });
  });

  it('accepts the object form with every key', () => {
    expect(
      pipSpecSchema.parse({ packages: ['six'], pip_check: true, pip_version: '==23.1;python_version>="3.8"', pip_install_options: ['--no-deps'] }),
    ).toEqual({ packages: ['six'], pip_check: true, pip_version: '==23.1;python_version>="3.8"', pip_install_options: ['--no-deps'] });
  });

  it('rejects a value of the wrong type, naming the accepted forms', () => {
    expect(issuesOf(3)[0]?.message).toMatch(/must be a list of requirement strings, a requirements-file path, or an object with "packages"; got a number/);
    expect(issuesOf([1])[0]).toEqual({ path: [0], message: 'each requirement must be a string, got a number' });
  });

  it('rejects an unknown key, a missing packages and wrong types in the object form', () => {
    expect(issuesOf({ packages: ['six'], pip_cheque: true })).toEqual([
      { path: ['pip_cheque'], message: 'unknown key "pip_cheque"; the keys of a pip object are packages, pip_check, pip_version, pip_install_options' },
    ]);
    expect(issuesOf({ pip_check: true })[0]?.path).toEqual(['packages']);
    expect(issuesOf({ packages: ['six'], pip_check: 'yes' })).toEqual([{ path: ['pip_check'], message: 'expected a boolean, got a string' }]);
    expect(issuesOf({ packages: ['six'], pip_version: '23.1' })[0]?.message).toMatch(/version specifier string such as "==23.1"/);
    expect(issuesOf({ packages: ['six'], pip_install_options: '--no-deps' })[0]?.message).toMatch(/expected a list of strings/);
    expect(issuesOf({ packages: ['six'], pip_install_options: ['--no-deps', 3] })).toEqual([
      { path: ['pip_install_options', 1], message: 'expected a string (one pip install argument), got a number' },
    ]);
  });

  it('rejects install options that would install outside the environment', () => {
    expect(issuesOf({ packages: ['six'], pip_install_options: ['--target=/tmp/x'] })).toEqual([
      { path: ['pip_install_options', 0], message: expect.stringMatching(/"--target" would install outside the environment/) },
    ]);
  });

  it('rejects a requirements-file path that does not exist, saying where it looked', () => {
    expect(issuesOf('no-such-requirements.txt')[0]?.message).toMatch(
      /"no-such-requirements.txt" is not a valid file: .*resolved to \/.*no-such-requirements.txt/,
    );
  });
});
