/**
 * What a standby runs until it is claimed: one line from stdin, then `exec` of it,
 * so the command replaces the shell (same PID, signals and exit status as a
 * normal launch). A standby whose stdin closes before a line arrives exits 125.
 */
export const standbyEntrypoint = ['/bin/sh', '-c', 'IFS= read -r line || exit 125; eval "exec $line"'];

/**
 * The words as one shell line of single-quoted words, or undefined when the
 * command cannot go through a standby: empty (the image's default command needs
 * Docker's own Cmd handling), a word with a newline or NUL (the line would end or
 * be cut), or a first word starting with `-` (the shell's `exec` would read it as an option).
 */
export function standbyCommandLine(words: readonly string[]): string | undefined {
  if (words.length === 0) return undefined;
  if (words.some((word) => word.includes('\n') || word.includes('\0'))) return undefined;
  if (words[0]?.startsWith('-')) return undefined;
  return `${words.map(quoteWord).join(' ')}\n`;
}

function quoteWord(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}
