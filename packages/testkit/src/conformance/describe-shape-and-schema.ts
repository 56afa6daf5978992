import { describe, it } from 'vitest';
import { checkPluginShape } from './check-plugin-shape.js';
import { checkNormalizationIsIdempotent, checkSchemaAccepts, checkSchemaRejects, checkValidateAccepts } from './check-schema.js';
import { ConformanceFailure } from './conformance-failure.js';
import type { SuiteState } from './suite-state.js';

export function describeShapeAndSchemaChecks(suite: SuiteState): void {
  const { spec, plugin } = suite;
  describe('shape', () => {
    it('declares apiVersion 2, a field name, a priority in 0..100, a zod schema and function hooks, and nothing of apiVersion 1', () => {
      checkPluginShape(plugin);
    });
  });

  describe('schema', () => {
    it('has at least one valid and one invalid spec to check', () => {
      if (spec.validSpecs.length === 0 || spec.invalidSpecs.length === 0) {
        throw new ConformanceFailure(plugin.name, 'spec fixtures', 'validSpecs and invalidSpecs must each hold at least one case');
      }
    });
    for (const valid of spec.validSpecs) {
      it(`accepts ${valid.title}`, () => checkSchemaAccepts(suite.loaded(), valid.title, valid.spec));
      it(`accepts ${valid.title} through validate`, () => checkValidateAccepts(suite.loaded(), valid.title, valid.spec));
      it(`normalizes ${valid.title} idempotently`, () => checkNormalizationIsIdempotent(suite.loaded(), valid.title, valid.spec));
    }
    for (const invalid of spec.invalidSpecs) {
      it(`rejects ${invalid.title}`, () => checkSchemaRejects(suite.loaded(), invalid.title, invalid.spec, invalid.message));
    }
  });
}
