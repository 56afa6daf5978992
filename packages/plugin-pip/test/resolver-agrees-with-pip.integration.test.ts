import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpreterFacts, type InterpreterFacts } from '../src/python-packaging/interpreter-facts.js';
import { resolveInProcess } from '../src/resolver/in-process-resolution.js';
import { readResolution } from '../src/store/resolution-report.js';

const execFileAsync = promisify(execFile);
const indexUrl = 'file:///opt/pypi/simple';
// pip with none of this machine's settings: the index alone decides, for pip and for the resolver alike.
const environment: Record<string, string> = Object.fromEntries(
  Object.entries(process.env).filter((entry): entry is [string, string] => entry[1] !== undefined && !entry[0].startsWith('PIP_')),
);
environment.PIP_CONFIG_FILE = '/dev/null';
environment.PIP_DISABLE_PIP_VERSION_CHECK = '1';

// Real requirement lists against the local index (numpy, pandas, scipy, requests, ...): extras, markers, specifiers.
const lists: { lines: string[]; systemSitePackages: boolean }[] = [
  { lines: ['requests'], systemSitePackages: false },
  { lines: ['pandas', 'scipy'], systemSitePackages: false },
  { lines: ['pandas', 'scipy', 'tabulate'], systemSitePackages: true },
  { lines: ['tabulate'], systemSitePackages: false },
  { lines: ['requests[socks]'], systemSitePackages: false },
  { lines: ['pandas<3', 'numpy'], systemSitePackages: false },
  { lines: ['flask', 'click>=8'], systemSitePackages: false },
  { lines: ['httpx', 'pydantic'], systemSitePackages: false },
  { lines: ['matplotlib'], systemSitePackages: false },
  { lines: ['scikit-learn'], systemSitePackages: true },
  { lines: ['requests; python_version >= "3.8"', 'six; sys_platform == "win32"', 'tabulate ; os_name == "posix"'], systemSitePackages: false },
  { lines: ['black', 'rich'], systemSitePackages: false },
  { lines: ['jinja2~=3.0', 'MarkupSafe'], systemSitePackages: false },
  { lines: ['sqlalchemy[asyncio]'], systemSitePackages: false },
  { lines: ['fastapi', 'uvicorn[standard]'], systemSitePackages: false },
  { lines: ['aiohttp', 'attrs'], systemSitePackages: true },
  { lines: ['pytest', 'sympy', 'networkx'], systemSitePackages: false },
];

let work: string;
let facts: InterpreterFacts;
let pipRunner: string;
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'rtenv-resolver-'));
  const python = (await execFileAsync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'])).stdout.trim();
  facts = await interpreterFacts(python, join(work, 'facts'), new AbortController().signal);
  pipRunner = (await execFileAsync(python, ['-c', 'import os, pip; print(os.path.join(os.path.dirname(pip.__file__), "__pip-runner__.py"))'])).stdout.trim();
  for (const systemSitePackages of [false, true]) {
    await execFileAsync(python, [
      '-m',
      'venv',
      '--without-pip',
      ...(systemSitePackages ? ['--system-site-packages'] : []),
      join(work, `venv-${systemSitePackages}`),
    ]);
  }
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** `pip install --dry-run --report` in a fresh venv, as the plugin runs it: name==version (requested) of what it would install. */
async function pipAnswer(lines: string[], systemSitePackages: boolean, number: number): Promise<string[]> {
  const requirements = join(work, `requirements-${number}.txt`);
  const report = join(work, `report-${number}.json`);
  await writeFile(requirements, `${lines.join('\n')}\n`);
  await execFileAsync(
    join(work, `venv-${systemSitePackages}`, 'bin', 'python'),
    [pipRunner, 'install', '--dry-run', '-q', '-r', requirements, '--report', report, '--index-url', indexUrl],
    { env: environment, maxBuffer: 64 * 1024 * 1024 },
  );
  return (await readResolution(report)).map((item) => `${item.name}==${item.version}${item.requested ? ' (requested)' : ''} ${item.sha256}`).sort();
}

describe('the in-process resolver', () => {
  it("chooses exactly pip's distributions for real requirement lists, or leaves them to pip", async () => {
    const resolvedInProcess: string[] = [];
    const fallbacks: string[] = [];
    for (const [number, { lines, systemSitePackages }] of lists.entries()) {
      const expected = await pipAnswer(lines, systemSitePackages, number);
      const mine = await resolveInProcess({
        facts,
        environment,
        installOptions: ['--index-url', indexUrl],
        requirementsText: `${lines.join('\n')}\n`,
        cwd: work,
        systemSitePackages,
        artifactCache: join(work, 'artifact-cache'),
        signal: new AbortController().signal,
      });
      if ('fallback' in mine) {
        fallbacks.push(`${lines.join(' ')}: ${mine.fallback}`);
        continue;
      }
      resolvedInProcess.push(lines.join(' '));
      expect(
        mine.resolution.map((item) => `${item.name}==${item.version}${item.requested ? ' (requested)' : ''} ${item.sha256}`).sort(),
        lines.join(' '),
      ).toEqual(expected);
    }
    // Every list is answered in process: a resolver that fell back would prove nothing here.
    expect(resolvedInProcess.length, fallbacks.join('; ')).toBe(lists.length);
  }, 600_000);
});
