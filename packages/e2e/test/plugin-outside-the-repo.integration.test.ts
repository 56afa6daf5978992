// docs/writing-a-plugin.md, done as a third party does it: the guide's example
// plugin in a fresh folder outside the repository, its dependencies installed from
// the registry and from tarballs of this workspace's packages, its conformance
// suite run there, and the installed `rtenv` loading it from rtenv.config.json.
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutsidePluginFolder, type OutsidePluginFolder } from './support/outside-plugin-folder.js';
import { describeResult } from './support/run-command.js';

interface VitestReport {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { title: string; status: string; failureMessages: string[] }[] }[];
}

let outside: OutsidePluginFolder;

/** Runs the folder's vitest on the test files under `directory`; returns its JSON report and exit code. */
async function runConformance(directory: string): Promise<{ code: number | null; report: VitestReport; output: string }> {
  const reportFile = path.join(outside.folder, `${directory}-report.json`);
  const result = await outside.run('node_modules/.bin/vitest', ['run', '--dir', directory, '--reporter=json', `--outputFile=${reportFile}`]);
  const output = describeResult(`vitest run --dir ${directory}`, result);
  if (!existsSync(reportFile)) throw new Error(`vitest wrote no report: ${output}`);
  return { code: result.code, report: JSON.parse(readFileSync(reportFile, 'utf8')) as VitestReport, output };
}

function rtenv(args: readonly string[]) {
  return outside.run('node_modules/.bin/rtenv', args, { RTENV_DATA_DIR: outside.dataDirectory, RTENV_CONFIG: '' });
}

beforeAll(async () => {
  outside = await createOutsidePluginFolder();
  // Noted in the output so a slow registry or a cold package store shows up in CI logs.
  console.info(`outside plugin folder: packed in ${outside.packSeconds.toFixed(1)} s, installed in ${outside.installSeconds.toFixed(1)} s`);
  // The build type-checks the plugin against the installed plugin API, and writes
  // the dist/ that rtenv loads through the package's exports.
  const built = await outside.run('node_modules/.bin/tsc', []);
  if (built.code !== 0) throw new Error(describeResult('tsc', built));
}, 600_000);
afterAll(() => outside?.remove());

describe('a plugin written outside the repository, from the guide', () => {
  it('passes the conformance suite from the installed testkit', async () => {
    const { code, report, output } = await runConformance('test');
    expect(code, output).toBe(0);
    expect(report.numFailedTests, output).toBe(0);
    const titles = report.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === 'passed').map((test) => test.title));
    expect(titles).toContain('gives otherSpec other keys');
    expect(titles).toContain("end to end: every hook in the core's order, then a process launched in the environment exits 0");
  });

  it('fails the conformance suite when the plugin breaks a promise (a hash that ignores the message)', async () => {
    const broken = path.join(outside.folder, 'broken');
    for (const name of ['package.json', 'src', 'test']) cpSync(path.join(outside.folder, name), path.join(broken, name), { recursive: true });
    const pluginFile = path.join(broken, 'src/motd-plugin.ts');
    const source = readFileSync(pluginFile, 'utf8');
    const ignoresMessage = source.replace('.update(message)', ".update('always the same')");
    expect(ignoresMessage).not.toBe(source);
    writeFileSync(pluginFile, ignoresMessage);

    const { code, report, output } = await runConformance('broken');
    expect(code, output).not.toBe(0);
    const failed = report.testResults.flatMap((file) => file.assertionResults.filter((test) => test.status === 'failed'));
    expect(failed.map((test) => test.title)).toEqual(['gives otherSpec other keys']);
    expect(failed[0]!.failureMessages.join('\n')).toContain('hash every part of the normalized spec that changes what create builds');
  });

  it('is listed by the installed rtenv, loaded by package name from rtenv.config.json', async () => {
    const listed = await rtenv(['plugins']);
    expect(listed.code, describeResult('rtenv plugins', listed)).toBe(0);
    expect(listed.stdout).toMatch(/^motd\s+1\.0\.0\s+10\s+motd\s+-\s+rtenv-plugin-motd$/m);
    expect(listed.stdout).toMatch(/^env_vars\s/m);
  });

  it('writes the message into the environment and names its file in the variable the config chose', async () => {
    const document = { motd: '  welcome aboard ', env_vars: { WHO: 'a plugin author' } };
    const ran = await rtenv(['run', '-e', JSON.stringify(document), '--', 'sh', '-c', 'echo "$WELCOME_FILE"; cat "$WELCOME_FILE"; echo "$WHO"']);
    expect(ran.code, describeResult('rtenv run', ran)).toBe(0);
    const [file, message, who] = ran.stdout.split('\n');
    expect(message).toBe('welcome aboard');
    expect(who).toBe('a plugin author');
    // Seen from outside rtenv: the file is in the data directory, where create wrote it.
    expect(file!.startsWith(`${outside.dataDirectory}/plugins/motd/uris/`)).toBe(true);
    expect(readFileSync(file!, 'utf8')).toBe('welcome aboard\n');
  });
});
