/** What the agent knows about a request when deciding whether it needs the token. */
export interface AccessQuestion {
  method: string;
  /** The route answers without a token anywhere (health probe, the dashboard's static files). */
  routeIsPublic: boolean;
  /** The agent listens on loopback only. */
  loopback: boolean;
  /** The request carries an `Origin` header: a browser sent it (browsers always do for PUT, POST and DELETE). */
  fromBrowser: boolean;
  /** The agent was started with a token. */
  tokenConfigured: boolean;
  /**
   * The request's Host header names this machine (`localhost`, `127.x.x.x`, `[::1]`).
   * A page on another site can reach a loopback agent by pointing its own name at
   * 127.0.0.1 (DNS rebinding); its requests then carry that name.
   */
  loopbackHostHeader: boolean;
}

export type AccessAnswer = 'open' | 'token' | 'refuse-browser-action' | 'refuse-foreign-host';

const readMethods = new Set(['GET', 'HEAD']);

/**
 * Who may do what:
 * - public routes (health, the dashboard page itself) are open: the page must load to show the token prompt;
 * - on loopback, reading is open, so a local operator can look without a token, but only
 *   under a loopback name: a request naming another host needs the token, or is refused
 *   by an agent without one;
 * - off loopback, everything else needs the token;
 * - an action from a browser always needs the token: a page from another site could otherwise
 *   make the operator's browser post to a loopback agent (cross-site request forgery); when the
 *   agent has no token, browsers cannot act at all (the CLI and clients, which send no Origin, still can).
 */
export function accessFor(question: AccessQuestion): AccessAnswer {
  if (question.routeIsPublic) return 'open';
  if (question.loopback && !question.loopbackHostHeader) return question.tokenConfigured ? 'token' : 'refuse-foreign-host';
  const reading = readMethods.has(question.method);
  if (reading && question.loopback) return 'open';
  if (!reading && question.fromBrowser) return question.tokenConfigured ? 'token' : 'refuse-browser-action';
  return question.tokenConfigured ? 'token' : 'open';
}
