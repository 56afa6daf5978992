// The archive of issue 11, sent the two ways a user (or an attacker) can: `rtenv run`
// with a working_dir URI, and `POST /v1/envs` to a running agent. Each symlink in it
// is harmless as text; together they lead to `/`, and the last entry goes through
// them to a folder outside. Both must refuse it and leave that folder as it was.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertRtenvBuilt, rtenvBinary, runRtenv } from './support/rtenv-process.js';

let workDirectory: string;
let victim: string;
let agentProcess: ChildProcess | undefined;

const makeArchives = `
import sys, tarfile, zipfile
folder, victim = sys.argv[1], sys.argv[2]
deep = '/'.join('d%d' % i for i in range(40))
entries = [(deep + '/up', '../' * 40), ('root', deep + '/up/' + '../' * 40), ('root' + victim, 'gone')]
with tarfile.open(folder + '/chain.tar.gz', 'w:gz') as archive:
    for name, target in entries:
        info = tarfile.TarInfo(name); info.type = tarfile.SYMTYPE; info.linkname = target
        archive.addfile(info)
with zipfile.ZipFile(folder + '/chain.zip', 'w') as archive:
    for name, target in entries:
        info = zipfile.ZipInfo(name); info.create_system = 3; info.external_attr = (0o120777 << 16)
        archive.writestr(info, target)
`;

function victimListing(): string[] {
  return readdirSync(victim).map((name) => `${name}=${readFileSync(path.join(victim, name), 'utf8')}`);
}

beforeAll(() => {
  assertRtenvBuilt();
  workDirectory = mkdtempSync(path.join(tmpdir(), 'rtenv-e2e-hostile-'));
  victim = path.join(workDirectory, 'victim');
  mkdirSync(victim);
  writeFileSync(path.join(victim, 'f'), 'keep');
  execFileSync('python3', ['-c', makeArchives, workDirectory, victim]);
});

afterAll(async () => {
  if (agentProcess && agentProcess.exitCode === null) {
    agentProcess.kill('SIGTERM');
    await new Promise((resolve) => agentProcess!.on('exit', resolve));
  }
  rmSync(workDirectory, { recursive: true, force: true });
});

describe('a chain of symlinks that escapes the target', () => {
  for (const archive of ['chain.tar.gz', 'chain.zip']) {
    it(`is refused by rtenv run (${archive}), and the folder outside is untouched`, async () => {
      const runtimeEnv = JSON.stringify({ working_dir: `file://${path.join(workDirectory, archive)}` });
      const result = await runRtenv(['run', '-e', runtimeEnv, '--', 'true'], {
        cwd: workDirectory,
        env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, `data-${archive}`), RTENV_CONFIG: '' },
      });
      expect(result.code, result.stderr).toBe(3);
      expect(result.stderr).toMatch(
        /was rejected at entry "root\/.*victim": its folder "root" is a link in the archive, and nothing is extracted through a link/,
      );
      expect(victimListing()).toEqual(['f=keep']);
    });
  }

  it('is refused by POST /v1/envs on a running agent, and the folder outside is untouched', async () => {
    const addressFile = path.join(workDirectory, 'agent.json');
    agentProcess = spawn(process.execPath, [rtenvBinary, 'agent', '--address-file', addressFile], {
      cwd: workDirectory,
      env: { ...process.env, RTENV_DATA_DIR: path.join(workDirectory, 'agent-data'), RTENV_CONFIG: '' },
      stdio: 'ignore',
    });
    const deadline = Date.now() + 30_000;
    while (!existsSync(addressFile)) {
      if (Date.now() > deadline) throw new Error('the agent did not write its address');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const { url } = JSON.parse(readFileSync(addressFile, 'utf8')) as { url: string };
    for (const archive of ['chain.tar.gz', 'chain.zip']) {
      const response = await fetch(`${url}/v1/envs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ runtimeEnv: { working_dir: `file://${path.join(workDirectory, archive)}` }, owner: 'attacker' }),
      });
      const body = JSON.stringify(await response.json());
      expect(response.status, body).toBeGreaterThanOrEqual(400);
      expect(response.status, body).toBeLessThan(500);
      expect(body).toContain('nothing is extracted through a link');
      expect(victimListing()).toEqual(['f=keep']);
    }
  });
});
