import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { evaluateMarker } from '../src/python-packaging/markers.js';
import { isValidSpecifier } from '../src/python-packaging/specifier-syntax.js';
import { compareVersions, filterVersions, isVersion, specifierContains } from '../src/python-packaging/versions.js';
import { parseWheelName } from '../src/python-packaging/wheel-tags.js';

// Generated cases, answered once by pip's own vendored `packaging` (what pip decides with):
// any divergence of the in-process answers fails here, not in a resolution.
const releases = ['0', '1', '1.0', '1.0.0', '1.2', '1.10', '2', '2.0.1', '10.0', '1!1.0'];
const suffixes = ['', 'a1', 'b2', 'rc1', '.post1', '.dev3', 'a1.dev1', '.post2.dev1', '+local', '+abc.1', '-1', 'c1', 'alpha2'];
const versions = [...releases.flatMap((release) => suffixes.map((suffix) => `${release}${suffix}`)), 'banana', '1.0-foo', '', 'v1.0', '1.0.*'];
const operators = ['==', '!=', '<=', '>=', '<', '>', '~=', '==='];
const specifierVersions = ['1', '1.0', '1.0.0', '1.2', '2', '1.0a1', '1.0.post1', '1.0.dev3', '1.0+local', '1.*', '1.0.*', '1!1.0', 'banana', '2.0.1'];
const singleSpecifiers = operators.flatMap((operator) => specifierVersions.map((version) => `${operator}${version}`));
const sets = ['', '>=1.0,<2', '>=1.0a1,<2', '~=1.0,!=1.0.1', '==1.*,>1.0', '>=1.0.dev0', '!=1.0a1', '<=1.0,>=1.0', '>1.0.post1', '<2.0rc1'];
const markers = [
  'python_version >= "3.9"',
  'python_version < "3.11"',
  'python_full_version == "3.11.*"',
  'python_full_version >= "3.11.0rc1"',
  'sys_platform == "linux" and platform_machine == "x86_64"',
  'sys_platform == "win32" or os_name == "posix"',
  'python_version > "3.8" and (sys_platform == "darwin" or implementation_name == "pypy")',
  "'linux' in sys_platform",
  'platform_machine not in "arm64 aarch64"',
  'platform_release >= "5"',
  'platform_system < "M"',
  'implementation_version ~= "3.11.0"',
  'python_version === "3.11"',
  'extra == "socks"',
  'extra == "socks" and python_version >= "3"',
  'python_version != "3.11"',
  'os.name == "posix"',
  'platform.python_implementation == "CPython"',
  'python_implementation == "CPython"',
  '"3.11" == python_version',
  'python_version in "3.10 3.11 3.12"',
];
const extras = [undefined, 'socks', 'SOCKS', ''];
const wheelNames = [
  'numpy-2.0.0-cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64.whl',
  'six-1.16.0-py2.py3-none-any.whl',
  'pkg-1.0-1build-py3-none-any.whl',
  'pkg-1.0-x-py3-none-any.whl',
  'bad__name-1.0-py3-none-any.whl',
  'Pkg_Name-1.0-PY3-None-Any.whl',
  'pkg-notaversion-py3-none-any.whl',
  'pkg-1.0-py3-none.whl',
];

const reference = `
import json, sys
from pip._vendor.packaging.markers import Marker, default_environment
from pip._vendor.packaging.specifiers import Specifier, SpecifierSet, InvalidSpecifier
from pip._vendor.packaging.version import Version, InvalidVersion
from pip._vendor.packaging.utils import parse_wheel_filename
cases = json.load(sys.stdin)
def valid(v):
    try:
        Version(v); return True
    except InvalidVersion:
        return False
out = {"valid": [valid(v) for v in cases["versions"]]}
good = [v for v in cases["versions"] if valid(v)]
out["sorted"] = [str(v) for v in sorted(good, key=Version)]
def spec_valid(s):
    try:
        Specifier(s); return True
    except InvalidSpecifier:
        return False
out["specValid"] = [spec_valid(s) for s in cases["specifiers"]]
contains = {}
for s in [s for s in cases["specifiers"] if spec_valid(s)] + cases["sets"]:
    ss = SpecifierSet(s)
    contains[s] = [[ss.contains(v), ss.contains(v, prereleases=True)] for v in good]
    contains[s].append(list(ss.filter(good)))
out["contains"] = contains
env = default_environment()
def evaluate(m, extra):
    e = dict(env)
    if extra is not None:
        e["extra"] = extra
    try:
        return Marker(m).evaluate(e)
    except Exception as error:
        return "error"
out["markers"] = [[evaluate(m, x) for x in cases["extras"]] for m in cases["markers"]]
out["environment"] = env
def wheel(name):
    try:
        return sorted(str(t) for t in parse_wheel_filename(name)[3])
    except Exception:
        return None
out["wheels"] = [wheel(n) for n in cases["wheels"]]
print(json.dumps(out))
`;

interface Answers {
  valid: boolean[];
  sorted: string[];
  specValid: boolean[];
  contains: Record<string, [...[boolean, boolean][], string[]]>;
  markers: (boolean | 'error')[][];
  environment: Record<string, string>;
  wheels: (string[] | null)[];
}

const answers = JSON.parse(
  execFileSync('python3', ['-c', reference], {
    input: JSON.stringify({ versions, specifiers: singleSpecifiers, sets, markers, extras: extras.map((extra) => extra ?? null), wheels: wheelNames }),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  }),
) as Answers;

describe('the in-process packaging answers, against pip vendored packaging', () => {
  it('agrees on which versions are valid and how they sort', () => {
    expect(versions.map(isVersion)).toEqual(answers.valid);
    const good = versions.filter(isVersion);
    expect([...good].sort(compareVersions)).toEqual(answers.sorted);
  });

  it('agrees on which specifiers are valid, and what every specifier and set holds and filters', () => {
    expect(
      singleSpecifiers.map((specifier) => {
        const match = /^(~=|===|==|!=|<=|>=|<|>)(.*)$/.exec(specifier);
        return isValidSpecifier(match![1]!, match![2]!);
      }),
    ).toEqual(answers.specValid);
    const good = versions.filter(isVersion);
    const mine: Record<string, unknown[]> = {};
    for (const specifier of Object.keys(answers.contains)) {
      mine[specifier] = [
        ...good.map((version) => [specifierContains(specifier, version), specifierContains(specifier, version, { prereleases: true })]),
        filterVersions(specifier, good),
      ];
    }
    expect(mine).toEqual(answers.contains);
  });

  it('agrees on every marker, with and without an extra', () => {
    const mine = markers.map((marker) =>
      extras.map((extra) => {
        try {
          return evaluateMarker(marker, extra === undefined ? answers.environment : { ...answers.environment, extra });
        } catch {
          return 'error';
        }
      }),
    );
    expect(mine).toEqual(answers.markers);
  });

  it('agrees on wheel file names and their tags', () => {
    expect(wheelNames.map((name) => parseWheelName(name)?.tags.sort() ?? null)).toEqual(answers.wheels);
  });
});
