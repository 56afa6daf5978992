import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildWheel, startPythonIndex, type PythonIndex } from '@runtime-env/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { interpreterFacts, type InterpreterFacts } from '../src/python-packaging/interpreter-facts.js';
import { resolveInProcess } from '../src/resolver/in-process-resolution.js';
import { readResolution } from '../src/store/resolution-report.js';
import { isolatePipFromMachineConfig } from './helpers/hermetic-pip.js';
import { openPipHarness } from './helpers/pip-harness.js';

isolatePipFromMachineConfig();
const execFileAsync = promisify(execFile);

let index: PythonIndex;
let work: string;
let facts: InterpreterFacts;
let pipRunner: string;
beforeAll(async () => {
  const wheels = await Promise.all([
    buildWheel({ name: 'fixture-lib', version: '1.0' }),
    buildWheel({ name: 'fixture-lib', version: '1.5' }),
    buildWheel({ name: 'fixture-lib', version: '2.0' }),
    buildWheel({ name: 'fixture-lib', version: '2.1rc1' }),
    buildWheel({ name: 'fixture-lib', version: '3.0', requiresPython: '>=3.99' }),
    buildWheel({ name: 'fixture-app', version: '1.0', requires: ['fixture-lib>=1.5,<3', 'fixture-never; python_version < "3"'] }),
    buildWheel({ name: 'fixture-needs-new', version: '1.0', requires: ['fixture-lib>=2'] }),
    buildWheel({ name: 'fixture-extra-user', version: '1.0', requires: ['fixture-lib[unknown]<2'] }),
  ]);
  index = await startPythonIndex({ files: wheels });
  work = await mkdtemp(join(tmpdir(), 'rtenv-resolver-http-'));
  const python = (await execFileAsync('python3', ['-c', 'import os, sys; print(os.path.realpath(sys.executable))'])).stdout.trim();
  facts = await interpreterFacts(python, join(work, 'facts'), new AbortController().signal);
  pipRunner = (await execFileAsync(python, ['-c', 'import os, pip; print(os.path.join(os.path.dirname(pip.__file__), "__pip-runner__.py"))'])).stdout.trim();
  await execFileAsync(python, ['-m', 'venv', '--without-pip', join(work, 'venv')]);
});
afterAll(async () => {
  await index.close();
  await rm(work, { recursive: true, force: true });
});

async function pipAnswer(lines: string[], number: number): Promise<string[] | 'no resolution'> {
  const requirements = join(work, `requirements-${number}.txt`);
  const report = join(work, `report-${number}.json`);
  await writeFile(requirements, `${lines.join('\n')}\n`);
  try {
    await execFileAsync(join(work, 'venv', 'bin', 'python'), [
      pipRunner,
      'install',
      '--dry-run',
      '-q',
      '-r',
      requirements,
      '--report',
      report,
      '--index-url',
      index.url,
    ]);
  } catch {
    return 'no resolution';
  }
  return (await readResolution(report)).map((item) => `${item.name}==${item.version}${item.requested ? ' (requested)' : ''}`).sort();
}

describe('the in-process resolver over an HTTP index', () => {
  it("picks pip's versions (newest allowed, Requires-Python, pre-releases, extras) and leaves conflicts to pip", async () => {
    const cases: { lines: string[]; inProcess: boolean }[] = [
      { lines: ['fixture-lib'], inProcess: true },
      { lines: ['fixture-app'], inProcess: true },
      { lines: ['fixture-lib>=2.1rc1'], inProcess: true },
      { lines: ['fixture-app', 'fixture-lib<2'], inProcess: true },
      { lines: ['fixture-extra-user'], inProcess: true },
      { lines: ['Fixture_Lib==1.0'], inProcess: true },
      // pip would have to backtrack (or fail): the resolver says so and pip decides.
      { lines: ['fixture-lib<2', 'fixture-needs-new'], inProcess: false },
      { lines: ['fixture-lib>=4'], inProcess: false },
    ];
    for (const [number, { lines, inProcess }] of cases.entries()) {
      const expected = await pipAnswer(lines, number);
      const mine = await resolveInProcess({
        facts,
        environment: process.env,
        installOptions: ['--index-url', index.url],
        requirementsText: lines.join('\n'),
        cwd: work,
        systemSitePackages: false,
        artifactCache: join(work, 'artifact-cache'),
        signal: new AbortController().signal,
      });
      expect('resolution' in mine, `${lines.join(' ')}: ${'fallback' in mine ? mine.fallback : ''}`).toBe(inProcess);
      if ('resolution' in mine) {
        expect(mine.resolution.map((item) => `${item.name}==${item.version}${item.requested ? ' (requested)' : ''}`).sort(), lines.join(' ')).toEqual(expected);
      }
    }
  }, 300_000);

  it('leaves options it does not follow to pip', async () => {
    for (const installOptions of [['--pre'], ['--index-url', index.url, '--no-binary', ':all:'], ['-U']]) {
      const mine = await resolveInProcess({
        facts,
        environment: process.env,
        installOptions,
        requirementsText: 'fixture-lib\n',
        cwd: work,
        systemSitePackages: false,
        artifactCache: join(work, 'artifact-cache'),
        signal: new AbortController().signal,
      });
      expect(mine).toMatchObject({ fallback: expect.stringContaining('install option') });
    }
  });

  it('fetches each wheel once in a cold creation: the resolver reads it, the installer takes it from the cache', async () => {
    const harness = await openPipHarness({ systemSitePackages: false });
    const before = index.requests.length;
    const created = await harness.build({ spec: { packages: ['fixture-app'], pip_install_options: ['--index-url', index.url] } });
    expect(harness.logger.text()).toContain('resolved in process');
    expect(created.result.lock?.map((entry) => `${entry.name}==${entry.version}`)).toEqual(['fixture-app==1.0', 'fixture-lib==2.0']);
    const fileRequests = index.requests.slice(before).filter((path) => path.includes('/files/') || path.endsWith('.whl'));
    const wheelsFetched = fileRequests.filter((path) => /fixture_(app|lib)-(1\.0|2\.0)-/.test(path));
    expect(wheelsFetched.length).toBe(2);
    expect(new Set(wheelsFetched).size).toBe(2);
  });
});
