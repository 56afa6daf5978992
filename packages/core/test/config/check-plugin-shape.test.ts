import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { checkPluginShape } from '../../src/config/check-plugin-shape.js';

const basePlugin = { apiVersion: 1, name: 'boxed', version: '1.0.0', schema: z.string(), hash: () => [] };
const launch = async () => ({ exitCode: 0, signal: null });

describe('checkPluginShape and launchModule', () => {
  it('accepts a file: URL beside a launch hook', () => {
    const plugin = { ...basePlugin, launch, launchModule: 'file:///opt/plugins/boxed/dist/launch-only.js' };
    expect(checkPluginShape(plugin, './boxed.mjs')).toBe(plugin);
  });

  it('refuses a launchModule without a launch hook, naming the plugin and entry', () => {
    expect(() => checkPluginShape({ ...basePlugin, launchModule: 'file:///x.js' }, './boxed.mjs')).toThrow(/plugin \.\/boxed\.mjs: "boxed" has a "launchModule" but no "launch" hook/);
  });

  it('refuses a launchModule that is not a file: URL, saying how to write one', () => {
    let message = '';
    try {
      checkPluginShape({ ...basePlugin, launch, launchModule: './launch-only.js' }, './boxed.mjs');
    } catch (error) {
      message = String(error);
    }
    expect(message).toMatch(/"boxed" has "launchModule" "\.\/launch-only\.js"; expected a file: URL/);
    expect(message).toMatch(/new URL\('\.\/launch-only\.js', import\.meta\.url\)\.href/);
  });

  it('refuses launchModuleHashes without a launchModule, or not a boolean', () => {
    expect(() => checkPluginShape({ ...basePlugin, launch, launchModuleHashes: true }, './boxed.mjs')).toThrow(/"boxed" sets "launchModuleHashes" but has no "launchModule"/);
    expect(() => checkPluginShape({ ...basePlugin, launch, launchModule: 'file:///x.js', launchModuleHashes: 'yes' }, './boxed.mjs')).toThrow(/"launchModuleHashes" that is not a boolean/);
    const plugin = { ...basePlugin, launch, launchModule: 'file:///x.js', launchModuleHashes: true };
    expect(checkPluginShape(plugin, './boxed.mjs')).toBe(plugin);
  });
});
