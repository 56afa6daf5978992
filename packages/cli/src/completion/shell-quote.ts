/** A single-quoted word for bash and zsh: nothing inside is expanded. */
export function singleQuoted(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}
