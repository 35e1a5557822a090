// codelocal: a local ECS service's "load balancer" (src/guest/files/ecs/proxy.cjs), run with the runner
// image's Node.js as `node -e` in the proxy container (src/local-aws/ecs/proxy.ts). It listens on every
// port of $LISTEN and forwards each new connection to the task the routes file names for that port; the
// file is read on each connection (cheap, and always current). Its path is ROUTES_FILE in proxy.ts.
const net = require('net'),
  fs = require('fs');
const file = '/tmp/codelocal-routes.json';
let routes = {};
function current(port) {
  try {
    routes = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    /* keep the last good routes */
  }
  return routes[port];
}
for (const port of process.env.LISTEN.split(',')) {
  net
    .createServer((client) => {
      const to = current(port);
      if (!to) {
        client.destroy();
        return;
      }
      const [host, p] = to.split(':');
      const up = net.connect(Number(p), host);
      client.pipe(up);
      up.pipe(client);
      const end = () => {
        client.destroy();
        up.destroy();
      };
      client.on('error', end);
      up.on('error', end);
      client.on('close', end);
      up.on('close', end);
    })
    .listen(Number(port), '0.0.0.0');
}
process.on('SIGTERM', () => process.exit(0));
