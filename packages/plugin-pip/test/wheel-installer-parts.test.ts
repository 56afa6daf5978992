import { describe, expect, it } from 'vitest';
import { wheelBuildOptions } from '../src/installer/sdist-wheels.js';
import { parseWheelFileName } from '../src/installer/wheel-file-name.js';
import { namesGenericPython, placeWheelFile, withoutFirstLine } from '../src/installer/wheel-layout.js';
import { parseWheelFile, scriptBody, scriptEntryPoints, supportedWheelVersion } from '../src/installer/wheel-metadata.js';

const schemes = { sitePackages: 'lib/python3.11/site-packages', headers: 'include/site/python3.11/Demo' };
const data = 'demo-1.0.data';

describe('where a wheel file is installed', () => {
  it('puts plain files in site-packages and .data/ schemes in their folders', () => {
    expect(placeWheelFile('demo/__init__.py', data, schemes)).toEqual({ destination: 'lib/python3.11/site-packages/demo/__init__.py' });
    expect(placeWheelFile(`${data}/purelib/demo_pure.py`, data, schemes)).toEqual({ destination: 'lib/python3.11/site-packages/demo_pure.py' });
    expect(placeWheelFile(`${data}/platlib/demo_ext.so`, data, schemes)).toEqual({ destination: 'lib/python3.11/site-packages/demo_ext.so' });
    expect(placeWheelFile(`${data}/scripts/demo-tool`, data, schemes)).toEqual({ destination: 'bin/demo-tool' });
    expect(placeWheelFile(`${data}/headers/demo.h`, data, schemes)).toEqual({ destination: 'include/site/python3.11/Demo/demo.h' });
    expect(placeWheelFile(`${data}/data/share/demo/x.json`, data, schemes)).toEqual({ destination: 'share/demo/x.json' });
  });

  it('refuses unknown schemes and anything that would land outside the environment', () => {
    expect(placeWheelFile(`${data}/elsewhere/x`, data, schemes)).toEqual({ refused: expect.stringContaining('unknown install scheme "elsewhere"') });
    expect(placeWheelFile(`${data}/data`, data, schemes)).toEqual({ refused: expect.stringContaining('not inside an install scheme folder') });
    expect(placeWheelFile('../../../../outside.py', data, schemes)).toEqual({ refused: expect.stringContaining('outside the environment') });
  });
});

describe('wheel metadata', () => {
  it('reads the file name, the WHEEL version, and the script entry points', () => {
    expect(parseWheelFileName('Foo_Bar-1.2.3-1-py3-none-any.whl')).toEqual({ name: 'foo-bar', version: '1.2.3', tags: 'py3-none-any' });
    expect(parseWheelFileName('foo-1.0.tar.gz')).toBeUndefined();
    expect(supportedWheelVersion(parseWheelFile('Wheel-Version: 1.0\nRoot-Is-Purelib: true\n'))).toBe(true);
    expect(supportedWheelVersion(parseWheelFile('Wheel-Version: 2.0\n'))).toBe(false);
    const points = scriptEntryPoints('[console_scripts]\ntool = demo.cli:main [extra]\n\n[gui_scripts]\nwin=demo:gui\n[demo.plugins]\nx = demo:y\n');
    expect(points).toEqual([
      { name: 'tool', module: 'demo.cli', attribute: 'main', kind: 'console' },
      { name: 'win', module: 'demo', attribute: 'gui', kind: 'gui' },
    ]);
  });

  it("writes pip's console-script body byte for byte (what pip 23 wrote for tabulate)", () => {
    const pips = [
      '# -*- coding: utf-8 -*-',
      'import re',
      'import sys',
      'from tabulate import _main',
      "if __name__ == '__main__':",
      "    sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])",
      '    sys.exit(_main())',
      '',
    ].join('\n');
    expect(scriptBody({ name: 'tabulate', module: 'tabulate', attribute: '_main', kind: 'console' })).toBe(pips);
    expect(scriptBody({ name: 'x', module: 'a.b', attribute: 'Cli.run', kind: 'console' })).toContain('from a.b import Cli\n');
    expect(scriptBody({ name: 'x', module: 'a.b', attribute: 'Cli.run', kind: 'console' })).toContain('sys.exit(Cli.run())');
  });

  it('recognises the #!python convention of .data/scripts', () => {
    expect(namesGenericPython(Buffer.from('#!python\nprint(1)\n'))).toBe(true);
    expect(namesGenericPython(Buffer.from('#!pythonw\r\nprint(1)\n'))).toBe(true);
    expect(namesGenericPython(Buffer.from('#!/bin/sh\necho\n'))).toBe(false);
    expect(namesGenericPython(Buffer.from('#!python3.11\n'))).toBe(false);
    expect(withoutFirstLine(Buffer.from('#!python\nprint(1)\n')).toString()).toBe('print(1)\n');
  });
});

describe('options for building a wheel from an sdist', () => {
  it('keeps what decides where build requirements come from, drops install-only options', () => {
    expect(wheelBuildOptions(['--index-url', 'http://i/simple', '--no-compile', '-f', '/links', '--upgrade', '--pre', '--extra-index-url=http://x'])).toEqual([
      '--index-url',
      'http://i/simple',
      '-f',
      '/links',
      '--pre',
      '--extra-index-url=http://x',
    ]);
  });
});
