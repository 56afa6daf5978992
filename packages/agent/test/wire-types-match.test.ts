import type {
  CreateEnvironmentRequest,
  EnvironmentErrorView,
  EnvironmentState as WireEnvironmentState,
  EnvironmentView,
  GcRequest,
  GcResponse,
  PrewarmRequest,
  ProgressEventView,
  Reference as WireReference,
  RenewLeaseRequest,
  RuntimeEnvConfig as WireRuntimeEnvConfig,
  UriView,
} from '@runtime-env/client';
import type { EnvironmentRecord, EnvironmentState, GcReport, ProgressEvent, Reference, RuntimeEnvConfig, UriRecord } from '@runtime-env/core';
import { describe, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import type { createEnvironmentSchema, gcSchema, prewarmSchema, renewLeaseSchema } from '../src/validation/request-schemas.js';

// The client defines the /v1 JSON shapes itself so that it loads no engine; the
// agent fills them from the engine's records. These checks are type-level: tsc
// (`pnpm --filter @runtime-env/agent typecheck`, which CI runs) fails when the two
// drift apart; at run time the assertions do nothing.

/** Every key the client may send is one the agent's strict schema accepts (a stray key is a 400). */
type KeysAccepted<Sent, Accepted> = Exclude<keyof Sent, keyof Accepted>;

describe('what the agent sends fits the wire types the client reads', () => {
  it('environment states, references, config and errors', () => {
    expectTypeOf<EnvironmentState>().toEqualTypeOf<WireEnvironmentState>();
    expectTypeOf<Reference>().toExtend<WireReference>();
    expectTypeOf<RuntimeEnvConfig>().toExtend<WireRuntimeEnvConfig>();
    expectTypeOf<NonNullable<EnvironmentRecord['error']>>().toExtend<EnvironmentErrorView>();
    // Both ways: a field the record keeps (the failure's hint) is one the client can read.
    expectTypeOf<EnvironmentErrorView>().toExtend<NonNullable<EnvironmentRecord['error']>>();
    // The check can fail: a URI has a state an environment never shows.
    expectTypeOf<UriRecord['state']>().not.toExtend<WireEnvironmentState>();
  });

  it('an environment record has everything its view shows', () => {
    expectTypeOf<EnvironmentRecord>().toExtend<Omit<EnvironmentView, 'runtimeEnv' | 'uris'>>();
    expectTypeOf<Pick<UriRecord, 'plugin' | 'uri' | 'state' | 'sizeBytes' | 'creationMs' | 'lock'>>().toExtend<UriView>();
  });

  it('a collection report and a progress event', () => {
    expectTypeOf<GcReport>().toExtend<GcResponse>();
    expectTypeOf<GcResponse>().toExtend<GcReport>();
    expectTypeOf<ProgressEvent>().toExtend<ProgressEventView>();
  });
});

describe('what the client sends is what the agent accepts', () => {
  it('creating, renewing, collecting and prewarming', () => {
    expectTypeOf<CreateEnvironmentRequest>().toExtend<z.input<typeof createEnvironmentSchema>>();
    expectTypeOf<KeysAccepted<CreateEnvironmentRequest, z.input<typeof createEnvironmentSchema>>>().toBeNever();
    expectTypeOf<RenewLeaseRequest>().toExtend<z.input<typeof renewLeaseSchema>>();
    expectTypeOf<KeysAccepted<RenewLeaseRequest, z.input<typeof renewLeaseSchema>>>().toBeNever();
    expectTypeOf<GcRequest>().toExtend<z.input<typeof gcSchema>>();
    expectTypeOf<KeysAccepted<GcRequest, z.input<typeof gcSchema>>>().toBeNever();
    expectTypeOf<PrewarmRequest>().toExtend<z.input<typeof prewarmSchema>>();
    expectTypeOf<KeysAccepted<PrewarmRequest, z.input<typeof prewarmSchema>>>().toBeNever();
    // The key check can fail: a key the agent does not know is found.
    expectTypeOf<KeysAccepted<GcRequest & { force: boolean }, z.input<typeof gcSchema>>>().toEqualTypeOf<'force'>();
  });
});
