import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constraintPlaceholder, type ExpandedRequirements } from './requirement-expansion.js';

/** Writes the requirements as pip will read them: includes inlined, constraints copied next to them. */
export async function writeRequirementFiles(directory: string, expanded: ExpandedRequirements): Promise<string> {
  let lines = expanded.lines;
  for (const [index, constraintLines] of expanded.constraintFiles.entries()) {
    const path = join(directory, `constraints-${index}.txt`);
    await writeFile(path, `${constraintLines.join('\n')}\n`);
    lines = lines.map((line) => (line === constraintPlaceholder(index) ? `-c ${path}` : line));
  }
  const path = join(directory, 'requirements.txt');
  await writeFile(path, `${lines.join('\n')}\n`);
  return path;
}
