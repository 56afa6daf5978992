/** Where a command reads and writes; the binary passes the process's, tests their own. */
export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Whether stderr is a terminal, which decides between the live and the plain progress display. */
  stderrIsTerminal: boolean;
  /** Columns of the terminal, when it is one. */
  terminalColumns: number | undefined;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stderrIsTerminal: process.stderr.isTTY === true,
    terminalColumns: process.stderr.isTTY ? terminalColumns() : undefined,
    env: process.env,
    cwd: process.cwd(),
  };
}

/** A pseudo-terminal without a size (under `script`) reports 0 columns: fall back to $COLUMNS, then 80. */
function terminalColumns(): number {
  if (process.stderr.columns > 0) return process.stderr.columns;
  const fromEnvironment = Number(process.env.COLUMNS);
  return Number.isInteger(fromEnvironment) && fromEnvironment > 0 ? fromEnvironment : 80;
}
