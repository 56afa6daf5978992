import { ApiError, getJson } from '../api-client.js';
import { h } from '../dom.js';
import { tokenStore } from '../token-store.js';

/**
 * Asks for the agent's token in a form (never from the URL), checks it against
 * the agent, and keeps it in session storage. Resolves true once a working token is stored.
 */
export function askForToken(container: HTMLElement, reason: string): Promise<boolean> {
  return new Promise((resolve) => {
    const input = h('input', {
      type: 'password',
      name: 'token',
      autocomplete: 'off',
      'aria-label': 'Agent token',
      'data-testid': 'token-input',
      required: true,
    });
    const message = h('p', { class: 'error', role: 'alert', 'data-testid': 'token-error' });
    const cancel = h('button', { type: 'button', class: 'secondary' }, 'Cancel');
    const form = h(
      'form',
      { class: 'token-prompt', 'data-testid': 'token-prompt' },
      h('h2', {}, 'Agent token'),
      h('p', {}, reason),
      h('p', { class: 'note' }, 'It is the token the agent was started with (--agent-token-file or RTENV_AGENT_TOKEN). It stays in this tab only.'),
      input,
      h('button', { type: 'submit', 'data-testid': 'token-submit' }, 'Use token'),
      cancel,
      message,
    );
    const backdrop = h('div', { class: 'modal' }, form);
    const close = (ok: boolean): void => {
      backdrop.remove();
      resolve(ok);
    };
    cancel.addEventListener('click', () => close(false));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const previous = tokenStore.get();
      tokenStore.set(input.value.trim());
      // An action endpoint cannot be tried without acting: a read that needs the token off loopback is the check.
      getJson('/v1/agent')
        .then(() => close(true))
        .catch((error: unknown) => {
          if (previous === undefined) tokenStore.clear();
          else tokenStore.set(previous);
          message.textContent =
            error instanceof ApiError && error.status === 401 ? 'The agent refused this token.' : `The agent could not be reached: ${(error as Error).message}`;
        });
    });
    container.append(backdrop);
    input.focus();
  });
}
