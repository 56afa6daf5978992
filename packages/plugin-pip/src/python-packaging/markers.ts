import { isValidSpecifier } from './specifier-syntax.js';
import { isVersion, specifierContains } from './versions.js';

/** PEP 508's marker environment (`packaging.markers.default_environment()`), plus `extra` where one is evaluated. */
export type MarkerEnvironment = Readonly<Record<string, string>>;

export class MarkerError extends Error {}

type Operand = { variable: string } | { literal: string };
interface Comparison {
  left: Operand;
  operator: string;
  right: Operand;
}
/** `packaging`'s parsed form: items joined by `and`/`or`, a nested list for parentheses. */
type MarkerItem = Comparison | MarkerItem[] | 'and' | 'or';

// The variables of packaging 21.3's grammar, with its aliases resolved.
const variables: Readonly<Record<string, string>> = {
  implementation_version: 'implementation_version',
  platform_python_implementation: 'platform_python_implementation',
  implementation_name: 'implementation_name',
  python_full_version: 'python_full_version',
  platform_release: 'platform_release',
  platform_version: 'platform_version',
  platform_machine: 'platform_machine',
  platform_system: 'platform_system',
  python_version: 'python_version',
  sys_platform: 'sys_platform',
  os_name: 'os_name',
  'os.name': 'os_name',
  'sys.platform': 'sys_platform',
  'platform.version': 'platform_version',
  'platform.machine': 'platform_machine',
  'platform.python_implementation': 'platform_python_implementation',
  python_implementation: 'platform_python_implementation',
  extra: 'extra',
};

const token = /\s*(?:(===|==|>=|<=|!=|~=|>|<)|(not\s+in\b|in\b|and\b|or\b)|([()])|'([^']*)'|"([^"]*)"|([A-Za-z_][A-Za-z0-9_.]*))/y;

interface Token {
  kind: 'operator' | 'word' | 'paren' | 'string' | 'name';
  text: string;
}

function tokenize(marker: string): Token[] {
  const tokens: Token[] = [];
  token.lastIndex = 0;
  while (token.lastIndex < marker.length) {
    if (/^\s*$/.test(marker.slice(token.lastIndex))) break;
    const at = token.lastIndex;
    const match = token.exec(marker);
    if (!match) throw new MarkerError(`invalid marker ${JSON.stringify(marker)} at position ${at}`);
    if (match[1]) tokens.push({ kind: 'operator', text: match[1] });
    else if (match[2]) tokens.push({ kind: 'word', text: match[2].replace(/\s+/, ' ') });
    else if (match[3]) tokens.push({ kind: 'paren', text: match[3] });
    else if (match[4] !== undefined || match[5] !== undefined) tokens.push({ kind: 'string', text: match[4] ?? match[5] ?? '' });
    else tokens.push({ kind: 'name', text: match[6] as string });
  }
  return tokens;
}

/** Parses a PEP 508 environment marker; an invalid one throws `MarkerError` (packaging's `InvalidMarker`). */
export function parseMarker(marker: string): MarkerItem[] {
  const tokens = tokenize(marker);
  let position = 0;
  const fail = (what: string): never => {
    throw new MarkerError(`invalid marker ${JSON.stringify(marker)}: ${what}`);
  };
  const operand = (): Operand => {
    const next = tokens[position++];
    if (next?.kind === 'string') return { literal: next.text };
    if (next?.kind === 'name' && variables[next.text]) return { variable: variables[next.text] as string };
    return fail(`expected a quoted string or a marker variable, found ${next ? JSON.stringify(next.text) : 'the end'}`);
  };
  const atom = (): MarkerItem => {
    if (tokens[position]?.kind === 'paren' && tokens[position]?.text === '(') {
      position += 1;
      const inner = expression();
      if (tokens[position]?.text !== ')') fail('a "(" is not closed');
      position += 1;
      return inner;
    }
    const left = operand();
    const operator = tokens[position++];
    if (!operator || (operator.kind !== 'operator' && !(operator.kind === 'word' && (operator.text === 'in' || operator.text === 'not in'))))
      fail('expected a comparison operator');
    return { left, operator: (operator as Token).text, right: operand() };
  };
  const expression = (): MarkerItem[] => {
    const items: MarkerItem[] = [atom()];
    while (tokens[position]?.kind === 'word' && (tokens[position]?.text === 'and' || tokens[position]?.text === 'or')) {
      items.push(tokens[position++]!.text as 'and' | 'or');
      items.push(atom());
    }
    return items;
  };
  const parsed = expression();
  if (position !== tokens.length) fail(`unexpected ${JSON.stringify(tokens[position]?.text)}`);
  return parsed;
}

function rawText(operand: Operand): string {
  return 'literal' in operand ? operand.literal : operand.variable;
}

function environmentValue(name: string, environment: MarkerEnvironment): string {
  const value = environment[name];
  // packaging raises UndefinedEnvironmentName: `extra` outside a dependency's evaluation, say.
  if (value === undefined) throw new MarkerError(`the marker variable "${name}" is not defined here`);
  return value;
}

/** packaging 21.3's `_eval_op`: a version comparison when `operator + right` is a valid specifier, else Python's string operators. */
function compare(left: string, operator: string, right: string): boolean {
  if (isValidSpecifier(operator, right)) {
    if (operator === '===') return left.toLowerCase() === right.trim().toLowerCase();
    // A left side that is not a PEP 440 version (LegacyVersion in packaging) never satisfies a version comparison.
    return isVersion(left) && specifierContains(`${operator}${right}`, left);
  }
  switch (operator) {
    case 'in':
      return right.includes(left);
    case 'not in':
      return !right.includes(left);
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '>=':
      return left >= right;
    case '>':
      return left > right;
    default:
      throw new MarkerError(`cannot compare ${JSON.stringify(left)} ${operator} ${JSON.stringify(right)} (undefined comparison)`);
  }
}

function evaluateItems(items: readonly MarkerItem[], environment: MarkerEnvironment): boolean {
  const groups: boolean[][] = [[]];
  for (const item of items) {
    if (Array.isArray(item)) groups[groups.length - 1]!.push(evaluateItems(item, environment));
    else if (item === 'or') groups.push([]);
    else if (item !== 'and') {
      // As packaging: a variable on the left is looked up and the right taken as written, else the right is looked up.
      const [left, right] =
        'variable' in item.left
          ? [environmentValue(item.left.variable, environment), rawText(item.right)]
          : [item.left.literal, environmentValue(rawText(item.right), environment)];
      groups[groups.length - 1]!.push(compare(left, item.operator, right));
    }
  }
  return groups.some((group) => group.every(Boolean));
}

/** `Marker(marker).evaluate(environment)`, as pip's vendored packaging 21.3 evaluates it. */
export function evaluateMarker(marker: string | readonly MarkerItem[], environment: MarkerEnvironment): boolean {
  return evaluateItems(typeof marker === 'string' ? parseMarker(marker) : marker, environment);
}
