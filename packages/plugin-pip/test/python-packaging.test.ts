import { describe, expect, it } from 'vitest';
import { evaluateMarker, MarkerError, parseMarker } from '../src/python-packaging/markers.js';
import { parseRequirement, RequirementError } from '../src/python-packaging/requirement.js';
import { filterVersions, specifierContains } from '../src/python-packaging/versions.js';
import { parseWheelName, tagRanks, wheelRank } from '../src/python-packaging/wheel-tags.js';

const linux311 = {
  implementation_name: 'cpython',
  implementation_version: '3.11.7',
  os_name: 'posix',
  platform_machine: 'x86_64',
  platform_release: '6.1.0-18-amd64',
  platform_system: 'Linux',
  platform_version: '#1 SMP',
  python_full_version: '3.11.7',
  platform_python_implementation: 'CPython',
  python_version: '3.11',
  sys_platform: 'linux',
};

describe('PEP 508 markers', () => {
  it('compares versions as versions and everything else as strings, with and/or precedence and parentheses', () => {
    expect(evaluateMarker('python_version >= "3.9"', linux311)).toBe(true);
    expect(evaluateMarker('python_version < "3.10"', linux311)).toBe(false);
    expect(evaluateMarker('python_version > "3.9" and sys_platform == "win32" or os_name == "posix"', linux311)).toBe(true);
    expect(evaluateMarker('python_version > "3.9" and (sys_platform == "win32" or os_name == "nt")', linux311)).toBe(false);
    expect(evaluateMarker('"linux" in sys_platform', linux311)).toBe(true);
    expect(evaluateMarker("platform_machine not in 'arm64 aarch64'", linux311)).toBe(true);
    expect(evaluateMarker('sys.platform == "linux"', linux311)).toBe(true);
    expect(evaluateMarker('python_full_version == "3.11.*"', linux311)).toBe(true);
    // Not a version on the left: never a version match (LegacyVersion in packaging).
    expect(evaluateMarker('platform_release >= "5"', linux311)).toBe(false);
  });

  it('evaluates extras only where one is given, and refuses what packaging refuses', () => {
    expect(evaluateMarker('extra == "socks"', { ...linux311, extra: 'socks' })).toBe(true);
    expect(() => evaluateMarker('extra == "socks"', linux311)).toThrow(MarkerError);
    expect(() => parseMarker('python_version >= ')).toThrow(MarkerError);
    expect(() => parseMarker('unknown_variable == "1"')).toThrow(MarkerError);
    expect(() => evaluateMarker('os_name ~= "posix"', linux311)).toThrow(MarkerError);
  });
});

describe('PEP 508 requirements', () => {
  it('reads names, extras, specifiers, markers and direct references', () => {
    expect(parseRequirement('Requests[socks, security] (>=2.0 , <3) ; python_version >= "3.8"')).toEqual({
      name: 'Requests',
      extras: ['socks', 'security'],
      specifier: '>=2.0,<3',
      marker: 'python_version >= "3.8"',
    });
    expect(parseRequirement('pkg @ https://example.invalid/pkg-1.0-py3-none-any.whl ; os_name == "posix"')).toMatchObject({
      name: 'pkg',
      url: 'https://example.invalid/pkg-1.0-py3-none-any.whl',
      marker: 'os_name == "posix"',
    });
    expect(() => parseRequirement('pkg >= banana')).toThrow(RequirementError);
    expect(() => parseRequirement('-e .')).toThrow(RequirementError);
  });
});

describe('PEP 440 specifiers', () => {
  it('allows pre-releases in a whole set when one inclusive specifier names one, as packaging does', () => {
    expect(specifierContains('>=1.0', '2.0a1')).toBe(false);
    expect(specifierContains('>=1.0a1,<3', '2.0a1')).toBe(true);
    expect(specifierContains('>=1.0', '2.0a1', { prereleases: true })).toBe(true);
    expect(filterVersions('', ['1.0a1', '1.0b2'])).toEqual(['1.0a1', '1.0b2']);
    expect(filterVersions('>=0.5', ['1.0a1'])).toEqual([]);
    expect(filterVersions('', ['1.0a1', '0.9'])).toEqual(['0.9']);
  });
});

describe('wheel file names and tags', () => {
  it('expands compressed tag sets and ranks a wheel by its most preferred supported tag', () => {
    expect(parseWheelName('numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl')?.tags).toEqual([
      'cp311-cp311-manylinux_2_17_x86_64',
      'cp311-cp311-manylinux2014_x86_64',
    ]);
    expect(parseWheelName('six-1.16.0-1build-py2.py3-none-any.whl')?.tags).toEqual(['py2-none-any', 'py3-none-any']);
    expect(parseWheelName('bad__name-1.0-py3-none-any.whl')).toBeUndefined();
    expect(parseWheelName('pkg-1.0-x-py3-none-any.whl')).toBeUndefined();
    const ranks = tagRanks(['cp311-cp311-manylinux_2_17_x86_64', 'cp311-abi3-manylinux_2_17_x86_64', 'py3-none-any']);
    expect(wheelRank('a-1.0-py3-none-any.whl', ranks)).toBe(2);
    expect(wheelRank('a-1.0-cp311-abi3-manylinux_2_17_x86_64.whl', ranks)).toBe(1);
    expect(wheelRank('a-1.0-cp312-cp312-win_amd64.whl', ranks)).toBeUndefined();
  });
});
