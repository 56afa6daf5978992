import { AgentClient } from './agent-client.js';

export const AGENT_TOKEN_VARIABLE = 'RTENV_AGENT_TOKEN';

/** A client for `--agent URL`, with the token from `RTENV_AGENT_TOKEN` when set. */
export function connectToAgent(url: string, env: Record<string, string | undefined> = process.env): AgentClient {
  const token = env[AGENT_TOKEN_VARIABLE]?.trim();
  return new AgentClient({ url, ...(token ? { token } : {}) });
}

/** Connects for one piece of work and always closes the connections afterwards. */
export async function withAgent<Result>(url: string, env: Record<string, string | undefined>, work: (client: AgentClient) => Promise<Result>): Promise<Result> {
  const client = connectToAgent(url, env);
  try {
    return await work(client);
  } finally {
    client.close();
  }
}
