import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recheckPack } from '../src/packing/pack-check.js';
import { packCheckForCommand, packForCommand, type PackCommandInput } from '../src/packing/pack-for-command.js';

let directory: string;
let input: PackCommandInput;
/** The tree snapshot keeps only files last changed over 100 ms before the walk (see tree-snapshot.ts). */
const letChangesSettle = () => new Promise((resolve) => setTimeout(resolve, 150));

beforeEach(async () => {
  directory = mkdtempSync(path.join(tmpdir(), 'rtenv-pack-check-'));
  for (const tree of ['one', 'two']) {
    mkdirSync(path.join(directory, tree));
    writeFileSync(path.join(directory, tree, 'main.py'), `print("${tree}")\n`);
  }
  symlinkSync(path.join(directory, 'one'), path.join(directory, 'current'));
  input = { directory: path.join(directory, 'current'), pluginOptions: {}, dataDirectory: path.join(directory, 'data') };
  await letChangesSettle();
});
afterEach(() => rmSync(directory, { recursive: true, force: true }));

describe('recheckPack', () => {
  it("gives the full path's result for an unchanged tree, and says why not once anything it checks changed", async () => {
    const packed = await packForCommand(input);
    const check = packCheckForCommand(input, packed)!;
    expect(JSON.parse(JSON.stringify(check))).toEqual(check);
    expect(recheckPack(check)).toEqual(await packForCommand(input));

    writeFileSync(path.join(directory, 'one', 'main.py'), 'print("changed")\n');
    expect(recheckPack(check)).toBe('the tree changed since it was packed');

    rmSync(path.join(directory, 'current'));
    symlinkSync(path.join(directory, 'two'), path.join(directory, 'current'));
    expect(recheckPack(check)).toBe(`${input.directory} now leads to ${path.join(directory, 'two')}`);
  });

  it('never names a package that is gone from the store', async () => {
    const packed = await packForCommand(input);
    const check = packCheckForCommand(input, packed)!;
    rmSync(check.packageFile);
    expect(recheckPack(check)).toBe('the package is no longer in the store');
  });

  it('has nothing to record for a store it cannot check without a request, or a single file', async () => {
    const packed = await packForCommand(input);
    expect(packCheckForCommand({ ...input, store: 's3://bucket/packages' }, packed)).toBeUndefined();
    const file = { ...input, directory: path.join(directory, 'one', 'main.py'), field: 'py_modules' as const };
    expect(packCheckForCommand(file, await packForCommand(file))).toBeUndefined();
  });
});
