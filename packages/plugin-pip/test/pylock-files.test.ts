import { describe, expect, it } from 'vitest';
import { formatLockAsRequirements, formatPipLock } from '../src/installation-lock.js';
import { isPylockFileName, parsePylock, pylockRequirementLines } from '../src/lock/pylock-read.js';
import { formatLockAsPylock } from '../src/lock/pylock-write.js';
import { pipSpecSchema } from '../src/pip-spec-schema.js';

const sha = (digit: string) => digit.repeat(64);
const lock = [
  { name: 'fixture-lib', version: '2.0.0', hash: `sha256:${sha('a')}`, source: 'https://index.example/files/fixture_lib-2.0.0-py3-none-any.whl' },
  { name: 'built-here', version: '1.0', hash: `sha256:${sha('b')}`, source: 'https://index.example/files/built_here-1.0.tar.gz' },
  { name: 'local-thing', version: '0.1' },
  { name: 'pip', version: '23.2.1', origin: 'base-interpreter' as const },
];

describe('pylock.toml', () => {
  it('recognises PEP 751 file names only', () => {
    expect(isPylockFileName('/x/pylock.toml')).toBe(true);
    expect(isPylockFileName('pylock.dev.toml')).toBe(true);
    expect(isPylockFileName('pylock.a.b.toml')).toBe(false);
    expect(isPylockFileName('requirements.txt')).toBe(false);
    expect(isPylockFileName('mypylock.toml')).toBe(false);
  });

  it('writes the lock as PEP 751 and reads it back: wheels, sdists, base-interpreter entries marked and skipped', () => {
    const text = formatPipLock(lock, 'pylock');
    expect(text).toContain('lock-version = "1.0"');
    expect(text).toContain('base-interpreter = true');
    expect(() => parsePylock(text, 'pylock.toml')).toThrow(/packages\[2\] \(local-thing\) has neither wheels nor an sdist/);
    const readable = formatLockAsPylock(lock.filter((entry) => entry.name !== 'local-thing'));
    expect(parsePylock(readable, 'pylock.toml')).toEqual([
      { name: 'fixture-lib', version: '2.0.0', wheels: [{ name: 'fixture_lib-2.0.0-py3-none-any.whl', url: lock[0]?.source, sha256: sha('a') }] },
      { name: 'built-here', version: '1.0', wheels: [], sdist: { name: 'built_here-1.0.tar.gz', url: lock[1]?.source, sha256: sha('b') } },
    ]);
  });

  it('refuses what cannot be installed without resolving, naming the entry', () => {
    expect(() => parsePylock('lock-version = "2.0"\n', 'f')).toThrow(/lock-version "2.0"/);
    expect(() => parsePylock('lock-version = "1.0"\n[[packages]]\nname = "x"\n', 'f')).toThrow(/packages\[0\] \(x\) has no "version"/);
    expect(() => parsePylock('lock-version = "1.0"\n[[packages]]\nname = "x"\nversion = "1"\n[packages.vcs]\ntype = "git"\n', 'f')).toThrow(/comes from a vcs/);
    expect(() => parsePylock('lock-version = [', 'f')).toThrow(/f is not valid TOML/);
  });

  it('turns the lock into hashed requirement lines that normalization keeps intact', () => {
    const lines = pylockRequirementLines([
      { name: 'a', version: '1', marker: 'sys_platform == "win32"', wheels: [{ name: 'a-1-py3-none-any.whl', url: 'u', sha256: sha('c') }] },
    ]);
    expect(lines).toEqual([`a==1 ; sys_platform == "win32" --hash=sha256:${sha('c')}`]);
    const spec = pipSpecSchema.parse([`A==1  --hash=sha256:${sha('c')}`]);
    expect(spec?.packages).toEqual([`A==1 --hash=sha256:${sha('c')}`]);
  });
});

describe('the requirements lock', () => {
  it('lists base-interpreter distributions as comments, and refuses unknown formats', () => {
    const text = formatLockAsRequirements(lock);
    expect(text).toContain('# From the base interpreter (systemSitePackages), not installed by the plugin:\n#   pip==23.2.1');
    expect(text).not.toMatch(/^pip==/m);
    expect(formatPipLock(lock)).toBe(text);
    expect(() => formatPipLock(lock, 'poetry')).toThrow(/"requirements" \(the default\) or "pylock"/);
  });
});
