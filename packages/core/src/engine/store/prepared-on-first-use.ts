/**
 * A store's statements, each prepared when first used rather than when the store
 * is made: a cached `rtenv run` on the fast path makes four stores and runs six of
 * their thirty-odd statements, and preparing one parses and plans its SQL (1.1 ms
 * for all of them, measured). Each is prepared once and then reused.
 */
export function preparedOnFirstUse<Makers extends Record<string, () => unknown>>(
  makers: Makers,
): { readonly [Name in keyof Makers]: ReturnType<Makers[Name]> } {
  const statements = {} as { [Name in keyof Makers]: ReturnType<Makers[Name]> };
  for (const name of Object.keys(makers) as (keyof Makers)[]) {
    let prepared: ReturnType<Makers[keyof Makers]> | undefined;
    Object.defineProperty(statements, name, {
      enumerable: true,
      get: () => (prepared ??= makers[name]!() as ReturnType<Makers[keyof Makers]>),
    });
  }
  return statements;
}
