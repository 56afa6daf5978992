// The floor: a bare Node `http` server answering a fixed JSON body of the agent's size.
import http from 'node:http';

const body = Buffer.from(process.argv[2] ?? '{"ok":true}');
const server = http.createServer({ keepAlive: true, noDelay: true }, (request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    response.end(body);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as { port: number };
  process.stdout.write(`http://127.0.0.1:${address.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
