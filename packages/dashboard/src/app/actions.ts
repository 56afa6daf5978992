import type { AgentInfoResponse } from '../api-types.js';
import { act, ApiError } from './api-client.js';
import { h } from './dom.js';
import { tokenStore } from './token-store.js';

/**
 * Buttons that change things (pin, unpin, collect). They always send the token:
 * without one entered, pressing them asks for it first; on an agent started
 * without a token they are disabled, since the agent refuses actions from browsers then.
 */
export class Actions {
  constructor(
    private readonly agent: () => AgentInfoResponse | undefined,
    private readonly askForToken: () => Promise<boolean>,
  ) {}

  get disabledReason(): string | undefined {
    const info = this.agent();
    if (info !== undefined && !info.access.tokenConfigured)
      return 'this agent was started without a token, so it takes no actions from a browser: start it with --agent-token-file, or use the rtenv CLI';
    return undefined;
  }

  /** A button and the line that reports how its action went. */
  button(label: string, testId: string, run: () => Promise<void>): HTMLElement {
    const reason = this.disabledReason;
    const status = h('span', { class: 'action-status', role: 'status', 'data-testid': `${testId}-status` });
    const button = h('button', { class: 'action', 'data-testid': testId, disabled: reason !== undefined, title: reason }, label);
    button.addEventListener('click', () => void this.perform(button, status, run));
    return h('span', { class: 'action-wrapper' }, button, status);
  }

  pinButton(environmentId: string, pinned: boolean, done: () => void): HTMLElement {
    const path = `/v1/envs/${encodeURIComponent(environmentId)}/pin`;
    return this.button(pinned ? 'Unpin' : 'Pin', pinned ? 'unpin' : 'pin', async () => {
      await act(pinned ? 'DELETE' : 'PUT', path);
      done();
    });
  }

  private async perform(button: HTMLButtonElement, status: HTMLElement, run: () => Promise<void>): Promise<void> {
    if (tokenStore.get() === undefined && !(await this.askForToken())) return;
    button.disabled = true;
    status.textContent = '…';
    try {
      await run();
      status.textContent = 'done';
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) tokenStore.clear();
      status.textContent = error instanceof ApiError ? `${error.message}${error.hint ? ` (${error.hint})` : ''}` : String(error);
    } finally {
      button.disabled = false;
    }
  }
}
