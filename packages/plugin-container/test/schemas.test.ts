import { describe, expect, it } from 'vitest';
import { containerPluginOptionsSchema } from '../src/plugin-options.js';
import { containerSchema } from '../src/spec/container-schema.js';
import { imageNameSchema } from '../src/spec/image-name-schema.js';

describe('image_uri schema', () => {
  it('normalizes and accepts its own output', () => {
    const once = imageNameSchema.parse(' busybox ');
    expect(once).toBe('busybox:latest');
    expect(imageNameSchema.parse(once)).toBe(once);
  });

  it('rejects a non-string with an example', () => {
    expect(imageNameSchema.safeParse(3).error?.issues[0]?.message).toMatch(/expected an image reference string such as/);
  });
});

describe('container schema', () => {
  it("accepts Ray's dict and normalizes run_options; its output parses to itself", () => {
    const once = containerSchema.parse({ image: 'app:1', run_options: ['--cpus', '2'], worker_path: '/w.py' });
    expect(once).toEqual({ image: 'app:1', run_options: ['--cpus=2'], worker_path: '/w.py' });
    expect(containerSchema.parse(once)).toEqual(once);
  });

  it('reports unknown keys and bad run options with their index', () => {
    const unknownKey = containerSchema.safeParse({ image: 'app', volumes: [] });
    expect(unknownKey.error?.issues[0]?.message).toMatch(/accepts image, run_options and worker_path/);
    const badOption = containerSchema.safeParse({ image: 'app', run_options: ['--cpus', '2', '--rm'] });
    expect(badOption.error?.issues[0]).toMatchObject({ path: ['run_options', 2], message: expect.stringMatching(/not supported/) });
  });
});

describe('plugin options', () => {
  it('fills defaults from nothing', () => {
    expect(containerPluginOptionsSchema.parse(undefined)).toMatchObject({ removePulledImages: true, allowPrivileged: false, init: true, matchCallerUser: true, registryAuth: {} });
  });

  it('needs a username or an identity token for a registry', () => {
    expect(containerPluginOptionsSchema.safeParse({ registryAuth: { 'ghcr.io': { password: 'x' } } }).success).toBe(false);
  });
});
