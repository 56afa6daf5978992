import { SetupFailure } from '@runtime-env/core';
import { describe, expect, it } from 'vitest';
import { entryPointScript, noarchPythonTarget, parseEntryPoint } from '../src/embedded/noarch-python.js';
import { replacePrefixInBinary, replacePrefixInText } from '../src/embedded/prefix-replacement.js';

const placeholder = '/opt/placeholder_placeholder_placeholder';

describe('prefix relocation', () => {
  it('replaces every occurrence in a text file', () => {
    const result = replacePrefixInText(Buffer.from(`a=${placeholder}/bin\nb=${placeholder}\n`), placeholder, '/env');
    expect(result.toString()).toBe('a=/env/bin\nb=/env\n');
  });

  it('rewrites C strings in a binary in place, padding with NULs so offsets stay', () => {
    const content = Buffer.concat([Buffer.from('\u0001head\u0000'), Buffer.from(`${placeholder}/lib:${placeholder}/share\u0000tail`)]);
    const result = replacePrefixInBinary(content, placeholder, '/env', 'test-file');
    expect(result.length).toBe(content.length);
    const text = result.toString('latin1');
    expect(text.startsWith('\u0001head\u0000/env/lib:/env/share\u0000')).toBe(true);
    expect(text.endsWith('\u0000tail')).toBe(true);
  });

  it('refuses a prefix longer than the placeholder for binaries', () => {
    expect(() => replacePrefixInBinary(Buffer.from(`${placeholder}\u0000`), placeholder, `/${'x'.repeat(100)}`, 'pkg:bin/tool')).toThrow(SetupFailure);
  });
});

describe('noarch: python', () => {
  it('maps site-packages and python-scripts into the Python of the prefix', () => {
    expect(noarchPythonTarget('site-packages/pkg/__init__.py', '3.11')).toBe('lib/python3.11/site-packages/pkg/__init__.py');
    expect(noarchPythonTarget('python-scripts/tool', '3.11')).toBe('bin/tool');
    expect(noarchPythonTarget('share/doc.txt', '3.11')).toBe('share/doc.txt');
  });

  it('parses entry points and writes a trampoline that works past the shebang length limit', () => {
    expect(parseEntryPoint('pip = pip._internal.cli.main:main')).toEqual({ name: 'pip', module: 'pip._internal.cli.main', attribute: 'main' });
    expect(parseEntryPoint('not an entry point')).toBeUndefined();
    const script = entryPointScript(`/very/${'deep/'.repeat(40)}prefix`, { module: 'tool.cli', attribute: 'main' });
    expect(script.split('\n')[0]).toBe('#!/bin/sh');
    expect(script).toContain('from tool.cli import main');
    expect(script).toContain('sys.exit(main())');
  });
});
