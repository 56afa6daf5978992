import { AgentClient } from '@runtime-env/client';
import { JsonLineLogger, startAgentServer, type AgentServerOptions, type RunningAgent } from '../../src/index.js';
import { createInMemoryManager } from './in-memory-manager.js';

export interface TestAgent {
  agent: RunningAgent;
  client: AgentClient;
  manager: ReturnType<typeof createInMemoryManager>;
  logLines: string[];
  close(): Promise<void>;
}

/** An agent on a free loopback port over the in-memory stand-in, with its log kept in memory. */
export async function startTestAgent(options: Partial<AgentServerOptions> = {}): Promise<TestAgent> {
  const manager = createInMemoryManager();
  const logLines: string[] = [];
  const logger = new JsonLineLogger({ write: (line: string) => logLines.push(line) }, 'debug');
  const agent = await startAgentServer({ manager, logger, gcIntervalSeconds: 0, ...options });
  const client = new AgentClient({ url: agent.url, ...(options.token ? { token: options.token } : {}) });
  return {
    agent,
    client,
    manager,
    logLines,
    async close() {
      client.close();
      await agent.stop('test finished');
    },
  };
}
