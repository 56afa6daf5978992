/**
 * Waits for `work` to settle, but once `signal` has fired waits at most `graceMs`
 * more: a hook that ignores its signal must not hold cleanup forever.
 */
export function settleWithin(work: Promise<unknown>, signal: AbortSignal, graceMs: number): Promise<void> {
  const settled = work.then(
    () => undefined,
    () => undefined,
  );
  return new Promise((resolve) => {
    let timer: NodeJS.Timeout | undefined;
    const startGrace = (): void => {
      timer = setTimeout(resolve, graceMs);
    };
    if (signal.aborted) startGrace();
    else signal.addEventListener('abort', startGrace, { once: true });
    void settled.then(() => {
      signal.removeEventListener('abort', startGrace);
      if (timer) clearTimeout(timer);
      resolve();
    });
  });
}
