const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Runs `action` with the console methods replaced by recorders, and returns what
 * was written: a plugin must log through `ctx.logger`, whose output the core
 * routes to the setup log instead of the terminal of whoever runs the CLI.
 */
export async function recordConsoleWrites<Result>(action: () => Promise<Result>): Promise<{ result: Result; consoleWrites: string[] }> {
  const consoleWrites: string[] = [];
  const originals = CONSOLE_METHODS.map((method) => [method, console[method]] as const);
  for (const method of CONSOLE_METHODS) {
    console[method] = (...parts: unknown[]) => {
      consoleWrites.push(`console.${method}: ${parts.map(String).join(' ')}`);
    };
  }
  try {
    return { result: await action(), consoleWrites };
  } finally {
    for (const [method, original] of originals) console[method] = original;
  }
}
