import { execFile } from 'node:child_process';

/** Runs Python code with an environment's interpreter: the independent observer of what got installed. */
export function runPython(python: string, code: string, env: Record<string, string | undefined> = process.env): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(python, ['-c', code], { env }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout.trim())));
  });
}
