import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTemporaryDataDirectory } from '../src/index.js';

describe('makeTemporaryDataDirectory', () => {
  let previous: string | undefined;

  it('gives an empty directory', async () => {
    const directory = await makeTemporaryDataDirectory();
    previous = directory.path;
    await writeFile(join(directory.path, 'file.txt'), 'x');
    expect(existsSync(join(directory.path, 'file.txt'))).toBe(true);
  });

  it('removed the previous test’s directory when that test finished', () => {
    expect(previous).toBeDefined();
    expect(existsSync(previous!)).toBe(false);
  });
});
