// How long making the venv takes: in process (src/venv) against `python -m venv --without-pip`, interleaved.
// Run: node --conditions=source --import tsx bench/measure-venv.ts
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resolveBaseInterpreter } from '../src/base-interpreter.js';
import { createVenvInProcess } from '../src/venv/in-process-venv.js';
const interpreter = await resolveBaseInterpreter('python3', new AbortController().signal);
const parent = mkdtempSync(join(tmpdir(), 'venv-measure-'));
const ours: number[] = [];
const theirs: number[] = [];
for (let i = 0; i < 15; i++) {
  let t = performance.now();
  await createVenvInProcess(interpreter, join(parent, `o${i}`), true);
  ours.push(performance.now() - t);
  t = performance.now();
  execFileSync(interpreter.executable, ['-m', 'venv', '--without-pip', '--system-site-packages', join(parent, `t${i}`)]);
  theirs.push(performance.now() - t);
}
const med = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]!.toFixed(1);
console.log(`in process: median ${med(ours)} ms; python -m venv --without-pip: median ${med(theirs)} ms (15 runs each, interleaved)`);
rmSync(parent, { recursive: true, force: true });
