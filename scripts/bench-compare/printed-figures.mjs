// Figures read from what a bench runner printed, for a checkout whose runners
// predate RTENV_BENCH_JSON. The same reading is applied to both sides of a
// comparison, so a figure gets the same name before and after as long as the
// runner prints it the same way (a reworded line shows up as "only before" and
// "only after", never as a wrong pair).
//
// It reads three shapes, the ones the runners print:
//   - Markdown tables (`| case | median ms | ... |`): `<first cell> / <column title>`;
//   - tables aligned with two or more spaces, with or without a title line:
//     `<first cell> / <column title>` (or `/ #<column>` without titles);
//   - prose such as `extractArchive 3508.1 ms, tar -xf 4876.3 ms, ratio 0.72x`:
//     `<words before the number>`, each number followed by a unit.

const UNIT = '(ms|µs|s|MiB|KiB|GiB|MB|KB|GB|req/s|x|%)';
const NUMBER = String.raw`(-?\d[\d,]*(?:\.\d+)?|-?\.\d+)`;
const CELL_NUMBER = new RegExp(String.raw`^${NUMBER}\s*((?:[A-Za-zµ%][A-Za-z/%]*)?)`);
const UNIT_IN_PARENTHESES = new RegExp(String.raw`\(${UNIT}\)$`);
const PROSE_FIGURE = new RegExp(String.raw`([A-Za-z@(][^,;:|]*?)[:\s]\s*${NUMBER}\s?${UNIT}(?![\w/])`, 'g');

/** @typedef {{ name: string; value: number; unit: string }} Figure */

/** @param {string} cell @returns {{ value: number; unit: string } | undefined} */
function numberIn(cell) {
  const found = CELL_NUMBER.exec(cell.trim());
  if (!found) return undefined;
  return { value: Number(found[1].replace(/,/g, '')), unit: found[2] ?? '' };
}

/** @param {string} line */
function markdownCells(line) {
  return line
    .trim()
    .replace(/^\|/, '')
    .replace(/\|$/, '')
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll('\\|', '|'));
}

/** @param {string[]} cells */
const isSeparator = (cells) => cells.every((cell) => /^:?-{3,}:?$/.test(cell));

/**
 * @param {string} output everything the runner printed on stdout
 * @returns {Figure[]} in the order printed; a name seen twice gets ` #2`, ` #3`...
 */
export function figuresInPrintedOutput(output) {
  /** @type {Figure[]} */
  const figures = [];
  /** @type {string[] | undefined} column titles of the table being read */
  let titles;
  let inMarkdownTable = false;
  for (const rawLine of output.split('\n')) {
    const line = rawLine.replace(/\s+$/, '');
    if (line.trim() === '') {
      titles = undefined;
      inMarkdownTable = false;
      continue;
    }
    if (line.trimStart().startsWith('|')) {
      const cells = markdownCells(line);
      if (isSeparator(cells)) continue;
      if (!inMarkdownTable) {
        titles = cells;
        inMarkdownTable = true;
        continue;
      }
      figures.push(...figuresOfRow(cells, titles));
      continue;
    }
    inMarkdownTable = false;
    const cells = line.trim().split(/\s{2,}/);
    if (cells.length >= 2 && !/^\d/.test(cells[0]) && cells.slice(1).some((cell) => numberIn(cell))) {
      const dashes = cells.every((cell) => /^-+$/.test(cell));
      if (!dashes) figures.push(...figuresOfRow(cells, titles));
      continue;
    }
    if (cells.length >= 2 && cells.every((cell) => !numberIn(cell))) {
      titles = cells;
      continue;
    }
    for (const found of line.matchAll(PROSE_FIGURE)) {
      const label = found[1].trim().replace(/\s+/g, ' ');
      figures.push({ name: label, value: Number(found[2].replace(/,/g, '')), unit: found[3] });
    }
  }
  return numberedDuplicates(figures);
}

/** @param {string[]} cells @param {string[] | undefined} titles @returns {Figure[]} */
function figuresOfRow(cells, titles) {
  const label = cells[0].trim();
  return cells.slice(1).flatMap((cell, index) => {
    const number = numberIn(cell);
    if (!number) return [];
    const title = titles?.[index + 1] ?? `#${index + 1}`;
    // A bare number takes the unit its column or row names: `baseline (µs)`, `p50 (µs)`.
    const unit = number.unit || UNIT_IN_PARENTHESES.exec(title)?.[1] || UNIT_IN_PARENTHESES.exec(label)?.[1] || '';
    return [{ name: `${label} / ${title}`, value: number.value, unit }];
  });
}

/** @param {Figure[]} figures */
function numberedDuplicates(figures) {
  /** @type {Map<string, number>} */
  const seen = new Map();
  return figures.map((figure) => {
    const count = (seen.get(figure.name) ?? 0) + 1;
    seen.set(figure.name, count);
    return count === 1 ? figure : { ...figure, name: `${figure.name} #${count}` };
  });
}
