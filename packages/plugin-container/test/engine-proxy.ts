import { rmSync } from 'node:fs';
import { createConnection, createServer, type Socket } from 'node:net';

/**
 * A pass-through to the real Engine socket that a test can cut, to see what a
 * launch does when the Engine vanishes mid-run, without stopping the shared Engine.
 */
export async function startEngineProxy(socketPath: string, engineSocket = '/var/run/docker.sock'): Promise<{ cut(): Promise<void> }> {
  rmSync(socketPath, { force: true });
  const sockets = new Set<Socket>();
  // Half-open both ways, as the Engine's own socket: a client that ends its stdin (FIN) still reads the output.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = createConnection({ path: engineSocket, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    cut: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
