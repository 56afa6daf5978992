import { SetupFailure } from '@runtime-env/core';

/** The `SetupFailure` a creation rejected with; anything else (or success) fails the test. */
export async function failureOf(promise: Promise<unknown>): Promise<SetupFailure> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!SetupFailure.isInstance(error)) throw new Error(`expected a SetupFailure, got ${String(error)}`);
  return error;
}
