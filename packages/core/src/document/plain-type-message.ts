// zod's own wording for a value of the wrong type, which the core rewrites; a
// message a schema wrote itself is left as it is.
const zodTypeMessage = /^Invalid input: expected (.+?)(?:, received (\w+))?$/;

const typeInWords: Readonly<Record<string, string>> = {
  array: 'a list',
  object: 'an object',
  record: 'an object',
  map: 'an object',
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  null: 'null',
  undefined: 'nothing',
  nan: 'NaN',
};

/**
 * "Invalid input: expected object, received array" becomes "must be an object,
 * got a list", with `example` (compact JSON) after the expected type when given.
 */
export function plainTypeMessage(message: string, example?: unknown): string {
  const match = zodTypeMessage.exec(message);
  if (!match) return message;
  const expected = match[1]!.split(' or ').map(inWords).join(' or ');
  const shown = example === undefined ? '' : ` like ${JSON.stringify(example)}`;
  return `must be ${expected}${shown}${match[2] === undefined ? '' : `, got ${inWords(match[2])}`}`;
}

function inWords(type: string): string {
  return typeInWords[type] ?? type;
}
