/**
 * Start-up of a server that does not follow the contract's (a user's own app): stackbench
 * picks a free port for it, and knows it is ready when a declared path answers 2xx or the
 * port accepts connections. See `AssignedPortStartup` in servers/stacks/spec.ts.
 */
import { connect, createServer } from 'node:net';
import type { AssignedPortStartup, LaunchCommand } from '../../servers/stacks.js';
import { send } from '../verify/http.js';

/**
 * A port free on `host` now: the kernel picks it for a listener that is closed at once. Another
 * process could take it before the server binds it; the server then fails to start, and says so.
 */
export function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const address = probe.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      probe.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

/** `{port}` and `{host}` replaced in the command's arguments and environment. */
export function withPort(
  launch: LaunchCommand,
  values: { host: string; port: number },
): LaunchCommand {
  const fill = (text: string) =>
    text.replaceAll('{port}', String(values.port)).replaceAll('{host}', values.host);
  return {
    ...launch,
    args: launch.args.map(fill),
    ...(launch.env !== undefined && {
      env: Object.fromEntries(Object.entries(launch.env).map(([k, v]) => [k, fill(v)])),
    }),
  };
}

function accepts(host: string, port: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('connect timed out');
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

async function readyNow(
  url: string,
  host: string,
  port: number,
  ready: AssignedPortStartup['ready'],
): Promise<string | undefined> {
  if (ready === 'port') return accepts(host, port);
  try {
    const res = await send(url, { method: 'GET', path: ready.path }, 2000);
    return res.status >= 200 && res.status < 300 ? undefined : `status ${res.status}`;
  } catch (error) {
    return (error as Error).message;
  }
}

/**
 * Resolves with the server's URL once `startup.ready` holds; rejects when the process exits
 * first or the time runs out, naming what was awaited, the last answer and the server's stderr.
 */
export async function waitForAssignedPort(
  what: string,
  host: string,
  port: number,
  startup: AssignedPortStartup,
  exited: Promise<unknown>,
  stderr: () => string,
): Promise<string> {
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const awaited =
    startup.ready === 'port'
      ? `port ${port} to accept connections`
      : `GET ${startup.ready.path} to answer 2xx`;
  let gone = false;
  void exited.then(() => (gone = true));
  const deadline = Date.now() + startup.timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (gone)
      throw new Error(
        `${what} exited before it was ready (waited for ${awaited} on ${url}): ${stderr().trim().slice(-500) || '(no output)'}`,
      );
    const problem = await readyNow(url, host, port, startup.ready);
    if (problem === undefined) return url;
    last = problem;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(
    `${what} was not ready within ${startup.timeoutMs} ms: waited for ${awaited} on ${url} (PORT=${port}; last: ${last}); it must listen on the PORT and HOST it is given (or {port} / {host} in its command); its stderr: ${stderr().trim().slice(-500) || '(none)'}`,
  );
}
