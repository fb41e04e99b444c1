/**
 * A user's own stacks, written to a temporary folder as a user would have them, nothing from
 * servers/: a node:http app that reads PORT and HOST and has /health, and Python's own
 * `http.server` given its port on the command line; one user scenario both answer.
 */
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const NODE_APP = `import { appendFileSync } from 'node:fs';
import { createServer } from 'node:http';
// Which checkout started, for the tests: one line per start in the project folder.
appendFileSync('../started.log', process.cwd() + '\\n');
const page = '<!doctype html><title>shop</title><p>hello</p>\\n';
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"ok":true}');
  } else if (req.url === '/index.html') {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(page);
  } else {
    res.writeHead(404);
    res.end();
  }
});
server.listen(Number(process.env.PORT), process.env.HOST);
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

const SCENARIO = {
  name: 'shop-page',
  description: 'GET /index.html, the shop front page',
  validationIndependent: true,
  sequence: [{ name: 'page', method: 'GET', path: '/index.html', expect: [200] }],
};

export interface UserProject {
  dir: string;
  /** Writes `stackbench.config.yaml` (or `name`) in the project folder; returns its path. */
  config(text: string, name?: string): Promise<string>;
}

/**
 * A folder with `app/server.mjs` (and its previous release, the same app, in `app-prev/`),
 * `site/index.html` and `bench/shop-page.json`; each start of the app adds its folder to
 * `started.log`.
 */
export async function userProject(): Promise<UserProject> {
  const dir = await mkdtemp(join(tmpdir(), 'sb-byo-'));
  await mkdir(join(dir, 'app'));
  await mkdir(join(dir, 'app-prev'));
  await writeFile(join(dir, 'app-prev', 'server.mjs'), NODE_APP);
  await mkdir(join(dir, 'site'));
  await mkdir(join(dir, 'bench'));
  await writeFile(join(dir, 'app', 'server.mjs'), NODE_APP);
  await writeFile(join(dir, 'site', 'index.html'), '<!doctype html><title>shop</title>\n');
  await writeFile(join(dir, 'bench', 'shop-page.json'), JSON.stringify(SCENARIO, null, 2));
  return {
    dir,
    async config(text, name = 'stackbench.config.yaml') {
      const file = join(dir, name);
      await writeFile(file, text);
      return file;
    },
  };
}

/** Both stacks and the scenario, as a user would declare them. */
export const TWO_STACKS = `stacks:
  - name: shop
    label: Shop (node:http)
    command: [node, server.mjs]
    cwd: ./app
    ready: /health
    threads: main
    version: 1.4.2
    language: node
    serverConfig: node:http, one process, keep-alive
  - name: shop-py
    label: Shop (python http.server)
    command: [python3, -m, http.server, '{port}', --bind, '{host}']
    cwd: ./site
    ready: port
    versionCommand: [python3, --version]
    language: python
  - name: shop-prev
    label: Shop (previous release)
    command: [node, server.mjs]
    cwd: ./app-prev
    ready: /health
    threads: main
    version: 1.3.0
scenarios:
  - ./bench/shop-page.json
`;
