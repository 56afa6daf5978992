import { AgentRequestError, type AgentClient } from '@runtime-env/client';
import { RuntimeEnvError } from '@runtime-env/core/plugin';

/** An environment id, or a unique prefix of one, as `rtenv` accepts them locally. */
export async function findEnvironmentId(client: AgentClient, idOrPrefix: string): Promise<string> {
  try {
    return (await client.getEnvironment(idOrPrefix)).id;
  } catch (error) {
    if (!(error instanceof AgentRequestError) || (error.status !== 404 && error.status !== 400)) throw error;
  }
  const matches: string[] = [];
  for await (const view of client.allEnvironments({ limit: 1000 })) if (idOrPrefix.length > 0 && view.id.startsWith(idOrPrefix)) matches.push(view.id);
  if (matches.length === 1) return matches[0]!;
  if (matches.length === 0)
    throw new RuntimeEnvError('environment_not_found', `no environment "${idOrPrefix}" on the agent at ${client.url}`, {
      hint: 'list them with `rtenv ls --agent URL`',
    });
  throw new RuntimeEnvError('ambiguous_environment', `"${idOrPrefix}" matches ${matches.length} environments (${matches.slice(0, 5).join(', ')})`, {
    hint: 'give more characters of the id',
  });
}
