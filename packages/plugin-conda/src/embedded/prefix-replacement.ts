import { SetupFailure } from '@runtime-env/plugin-api';

/** Text files: every occurrence of the placeholder becomes the prefix. */
export function replacePrefixInText(content: Buffer, placeholder: string, prefix: string): Buffer {
  return replaceAll(content, Buffer.from(placeholder), Buffer.from(prefix));
}

/**
 * Binary files: the placeholder sits in NUL-terminated C strings whose length
 * must not change (offsets in the file point past them). Each such string gets
 * the prefix in place of the placeholder and is padded with NULs to its old
 * length, which is why the new prefix must not be longer than the placeholder.
 */
export function replacePrefixInBinary(content: Buffer, placeholder: string, prefix: string, fileForErrors: string): Buffer {
  const search = Buffer.from(placeholder);
  const replacement = Buffer.from(prefix);
  if (replacement.length > search.length) {
    throw SetupFailure.permanent(
      `the environment prefix ${prefix} (${replacement.length} bytes) is longer than the placeholder (${search.length} bytes) that ${fileForErrors} was built with, so the binary cannot be relocated`,
      { code: 'conda_prefix_too_long', hint: 'use a shorter data directory for runtime-env' },
    );
  }
  const result = Buffer.from(content);
  let start = result.indexOf(search);
  while (start >= 0) {
    let end = result.indexOf(0, start);
    if (end < 0) end = result.length;
    const rewritten = replaceAll(result.subarray(start, end), search, replacement);
    result.fill(0, start, end);
    rewritten.copy(result, start);
    start = result.indexOf(search, start + rewritten.length);
  }
  return result;
}

function replaceAll(content: Buffer, search: Buffer, replacement: Buffer): Buffer {
  const parts: Buffer[] = [];
  let cursor = 0;
  let found = content.indexOf(search, cursor);
  while (found >= 0) {
    parts.push(content.subarray(cursor, found), replacement);
    cursor = found + search.length;
    found = content.indexOf(search, cursor);
  }
  if (parts.length === 0) return content;
  parts.push(content.subarray(cursor));
  return Buffer.concat(parts);
}
