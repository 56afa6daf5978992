import { describe, expect, it } from 'vitest';
import type { InterpreterFacts } from '../src/python-packaging/interpreter-facts.js';
import { finderSettings, UnsupportedSetting } from '../src/resolver/pip-configuration.js';

const facts = {
  pipConfiguration: [
    ['global.extra-index-url', 'file:///opt/a/simple file:///opt/b/simple'],
    ['global.find-links', '/opt/wheels'],
    ['global.constraint', '/etc/constraints.txt'],
    ['global.cert', '/etc/ssl/ca.crt'],
    ['install.index-url', 'file:///opt/main/simple'],
  ],
} as unknown as InterpreterFacts;

describe("pip's settings for the in-process resolver", () => {
  it('reads the files, then PIP_* variables, then the command line, whose list options add to the defaults', () => {
    expect(finderSettings(facts, {}, [])).toEqual({
      indexUrls: ['file:///opt/main/simple', 'file:///opt/a/simple', 'file:///opt/b/simple'],
      findLinks: ['/opt/wheels'],
      constraintFiles: ['/etc/constraints.txt'],
    });
    expect(
      finderSettings(facts, { PIP_FIND_LINKS: '/x /y', PIP_DEFAULT_TIMEOUT: '15' }, [
        '--index-url',
        'http://i/simple',
        '--extra-index-url=http://e/simple',
        '-c',
        'c.txt',
      ]),
    ).toEqual({
      indexUrls: ['http://i/simple', 'file:///opt/a/simple', 'file:///opt/b/simple', 'http://e/simple'],
      findLinks: ['/x', '/y'],
      constraintFiles: ['/etc/constraints.txt', 'c.txt'],
    });
  });

  it('ignores the files with PIP_CONFIG_FILE=/dev/null and refuses what it does not follow', () => {
    expect(finderSettings(facts, { PIP_CONFIG_FILE: '/dev/null' }, [])).toEqual({ indexUrls: ['https://pypi.org/simple'], findLinks: [], constraintFiles: [] });
    expect(() => finderSettings(facts, { PIP_CONFIG_FILE: '/etc/other.conf' }, [])).toThrow(UnsupportedSetting);
    expect(() => finderSettings(facts, { PIP_PRE: '1' }, [])).toThrow(/pip setting "pre"/);
    expect(() => finderSettings(facts, {}, ['--only-binary', ':all:'])).toThrow(/install option "--only-binary"/);
    expect(() => finderSettings(facts, {}, ['--index-url'])).toThrow(/without a value/);
  });
});
