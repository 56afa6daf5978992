const KEY = 'rtenv-agent-token';

/**
 * The agent's token lives in this tab's session storage only: never in the URL
 * (which ends up in history, logs and Referer headers), gone when the tab closes.
 */
export const tokenStore = {
  get(): string | undefined {
    return sessionStorage.getItem(KEY) ?? undefined;
  },
  set(token: string): void {
    sessionStorage.setItem(KEY, token);
  },
  clear(): void {
    sessionStorage.removeItem(KEY);
  },
};
