import { describe, expect, it } from 'vitest';
import { containerPluginOptionsSchema } from '../src/plugin-options.js';
import { containerSchema } from '../src/spec/container-schema.js';
import { imageNameSchema } from '../src/spec/image-name-schema.js';
import { imageRunSpecOf } from '../src/spec/image-run-spec.js';

describe('image_uri schema', () => {
  it('keeps the reference as written (no default tag added, as in Ray) and accepts its own output', () => {
    const once = imageNameSchema.parse(' busybox ');
    expect(once).toBe('busybox');
    expect(imageNameSchema.parse(once)).toBe(once);
  });

  it('runs the canonical reference: a bare name means its latest tag, never every tag', () => {
    expect(imageRunSpecOf('busybox')).toEqual({ image: 'busybox:latest', runOptions: [] });
    expect(imageRunSpecOf({ image: 'app' })).toEqual({ image: 'app:latest', runOptions: [] });
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

  it('adds no "run_options": [] when none were written (Ray keeps the dict as given)', () => {
    const normalized = containerSchema.parse({ image: 'app' });
    expect(normalized).toEqual({ image: 'app' });
    expect(Object.keys(normalized)).not.toContain('run_options');
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
    expect(containerPluginOptionsSchema.parse(undefined)).toMatchObject({
      removePulledImages: true,
      allowPrivileged: false,
      init: true,
      matchCallerUser: true,
      registryAuth: {},
    });
  });

  it('keeps no standby unless asked for "in-process", and refuses the old true with why', () => {
    expect(containerPluginOptionsSchema.parse({})).toMatchObject({ standby: false, standbyIdleSeconds: 60 });
    expect(containerPluginOptionsSchema.parse({ standby: 'in-process' }).standby).toBe('in-process');
    const old = containerPluginOptionsSchema.safeParse({ standby: true });
    expect(old.error?.issues[0]?.message).toMatch(/false or "in-process" .*rtenv agent/);
  });

  it('needs a username or an identity token for a registry', () => {
    expect(containerPluginOptionsSchema.safeParse({ registryAuth: { 'ghcr.io': { password: 'x' } } }).success).toBe(false);
  });
});
