import { describe, expect, it } from 'vitest';
import { createMasker, maskUrlCredentials, maskUrlCredentialsIn } from '../../src/engine/logging/secret-masking.js';
import { pluginUri } from '@runtime-env/plugin-api';

describe('maskUrlCredentials', () => {
  it('masks the password of a URL and keeps the user name', () => {
    expect(maskUrlCredentials('--index-url https://builder:pip-secret@pypi.example/simple')).toBe('--index-url https://builder:***@pypi.example/simple');
    expect(maskUrlCredentials('--extra-index-url=https://u:p@host:8080/s?q=a@b')).toBe('--extra-index-url=https://u:***@host:8080/s?q=a@b');
    expect(maskUrlCredentials('"s3://AKIAEXAMPLE:aws-secret@bucket/key.zip"')).toBe('"s3://AKIAEXAMPLE:***@bucket/key.zip"');
  });

  it('masks a userinfo without a password whole, as it is usually a token', () => {
    expect(maskUrlCredentials('pkg @ git+https://ghp_token123@github.com/org/pkg.git@v1')).toBe('pkg @ git+https://***@github.com/org/pkg.git@v1');
  });

  it('takes a password with an unescaped @ whole, up to the host', () => {
    expect(maskUrlCredentials('https://user:p@ss@host/path')).toBe('https://user:***@host/path');
  });

  it('leaves URLs without credentials, an @ after the host, and other text alone; masking twice changes nothing', () => {
    for (const text of ['https://pypi.org/simple', 'pkg @ file:///tmp/pkg', 'see https://a.example and me@mail.example', 'https://host/path@v1', 'user@host']) {
      expect(maskUrlCredentials(text)).toBe(text);
    }
    const once = maskUrlCredentials('https://u:p@h https://t@h');
    expect(maskUrlCredentials(once)).toBe(once);
  });
});

describe('maskUrlCredentialsIn', () => {
  it('masks every string of a JSON value, without changing the original', () => {
    const document = {
      pip: { packages: ['pkg @ https://tok@h/p.whl'], pip_install_options: ['--index-url', 'https://u:secret@h/simple'] },
      count: 2,
      none: null,
    };
    expect(maskUrlCredentialsIn(document)).toEqual({
      pip: { packages: ['pkg @ https://***@h/p.whl'], pip_install_options: ['--index-url', 'https://u:***@h/simple'] },
      count: 2,
      none: null,
    });
    expect(document.pip.pip_install_options[1]).toBe('https://u:secret@h/simple');
  });

  it('walks a value nested deeper than the call stack would allow', () => {
    let nested: unknown = 'https://u:secret@h';
    for (let depth = 0; depth < 100_000; depth += 1) nested = { a: nested };
    let masked = maskUrlCredentialsIn(nested);
    for (let depth = 0; depth < 100_000; depth += 1) masked = (masked as { a: unknown }).a;
    expect(masked).toBe('https://u:***@h');
  });
});

describe('createMasker', () => {
  it('masks the secrets given, and URL credentials even with no secret given', () => {
    expect(createMasker(['s3cr3t-value'])('token s3cr3t-value at https://u:pw@h')).toBe('token *** at https://u:***@h');
    expect(createMasker([])('https://u:pw@h')).toBe('https://u:***@h');
  });
});

describe('URIs the core composes', () => {
  it('are left alone by the credential masking: "<package>@" after the field is no userinfo', () => {
    const uri = pluginUri('pip', { name: '@runtime-env/plugin-pip', version: '0.3.1' }, '5d41');
    expect(maskUrlCredentials(uri)).toBe(uri);
    const unscoped = pluginUri('files', { name: 'rtenv-plugin-files', version: '1.0.0' }, 'https://reader:secret@host/repo.git');
    expect(maskUrlCredentials(unscoped)).toBe('files:rtenv-plugin-files@1.0.0/https://reader:***@host/repo.git');
  });
});
