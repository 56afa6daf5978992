import { badRequest } from './http-error.js';

/**
 * Environment ids and owners travel in URL paths, so they are limited to
 * characters that never need escaping and cannot form `..` or `/`: an id that is
 * not of this shape is refused before it reaches the core or any file path.
 */
const identifierPattern = /^[A-Za-z0-9][A-Za-z0-9._:@=+-]{0,199}$/;

export function isValidIdentifier(value: string): boolean {
  return identifierPattern.test(value) && !value.includes('..');
}

/** Decodes one path segment and checks it; `what` names it in the error ("environment id", "owner"). */
export function decodeIdentifier(segment: string, what: string): string {
  let decoded: string;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    throw badRequest('invalid_identifier', `the ${what} in the path is not valid percent-encoding`);
  }
  if (!isValidIdentifier(decoded)) {
    throw badRequest(
      'invalid_identifier',
      `the ${what} "${decoded.slice(0, 80)}" is not valid: use 1-200 letters, digits and . _ : @ = + - (starting with a letter or digit, no "..")`,
    );
  }
  return decoded;
}
