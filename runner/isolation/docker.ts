/**
 * Docker isolation: every trial's server in a fresh container of one image that holds every
 * stack declaring a `docker` capability (the Node stacks; docker/Dockerfile), with host networking (load stays on loopback), the server CPU
 * set (`--cpuset-cpus`) and a memory limit, sampled from the container's cgroup, then
 * stopped and removed. The image is built once per content hash and reused. Containers
 * carry a label naming the stackbench process that owns them, so a later run removes the
 * ones a killed run left behind without touching a live run's.
 */
import { execFile, execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { constants } from 'node:os';
import { join, relative } from 'node:path';
import { findStack, type StackSpec } from '../../servers/stacks.js';
import { PROJECT_ROOT } from '../paths.js';
import { ownerGone, ownerOf, parseStartTime } from '../process/owner.js';
import { tethered } from '../process/tethered.js';
import { cgroupOfPid, sampleCgroup, type CgroupDirs } from '../sampling/cgroup.js';
import { waitForListening, waitForReady } from '../servers/launch.js';
import type { Isolation, ServerHandle, ServerSpec } from './isolation.js';

/** Every container stackbench starts carries this label (`docker ps --filter label=…`). */
export const ROLE_LABEL = 'org.stackbench.role=server';
/** `<pid>-<start time>` of the stackbench process that owns the container. */
export const OWNER_LABEL = 'org.stackbench.owner';
export const IMAGE_REPOSITORY = 'stackbench-servers';
/** docker stop's grace period: SIGTERM, then SIGKILL after this many seconds. */
export const STOP_GRACE_S = 2;

export interface DockerOptions {
  /**
   * Base image for docker/Dockerfile.
   * @default $STACKBENCH_BASE_IMAGE, else an offline image of this host's node built by
   * docker/build-offline-base.sh (the same Node binary as process isolation)
   */
  baseImage?: string;
  /**
   * Memory limit per container (`--memory`, swap disabled).
   * @default $STACKBENCH_DOCKER_MEMORY or "512m"
   */
  memory?: string;
  /** How long to wait for the listening line and /ready. @default 30000 */
  startTimeoutMs?: number;
  /** Where progress lines go (image builds). @default stderr */
  log?: (line: string) => void;
}

// ---------------------------------------------------------------------------------------
// docker CLI

interface CliResult {
  stdout: string;
  stderr: string;
}

/** Runs the docker CLI; rejects with its stderr. */
export function docker(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      'docker',
      args,
      {
        env: { ...process.env, ...options.env },
        timeout: options.timeoutMs ?? 60_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim() || stdout.trim().split('\n').slice(-20).join('\n');
          const wrapped = new Error(
            `docker ${args.slice(0, 2).join(' ')} failed: ${detail || error.message}`,
          );
          (wrapped as Error & { code?: unknown }).code = (error as { code?: unknown }).code;
          reject(wrapped);
        } else resolve({ stdout, stderr });
      },
    );
    if (options.input !== undefined) child.stdin?.end(options.input);
  });
}

async function imageId(ref: string): Promise<string | undefined> {
  try {
    return (await docker(['image', 'inspect', '--format', '{{.Id}}', ref])).stdout.trim();
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// Image: built once per content hash

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && !e.name.endsWith('.map'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * The image's content hash: everything that goes into it (the Dockerfile, .dockerignore,
 * package.json, the lockfile, the compiled servers) and the base image's id.
 */
export async function imageHash(root: string, baseImageId: string): Promise<string> {
  const hash = createHash('sha256');
  const files = [
    join(root, 'docker', 'Dockerfile'),
    join(root, '.dockerignore'),
    join(root, 'package.json'),
    join(root, 'package-lock.json'),
    ...(await listFiles(join(root, 'dist', 'servers'))),
  ];
  for (const file of files) {
    hash.update(`${relative(root, file)}\0`);
    hash.update(await readFile(file));
    hash.update('\0');
  }
  hash.update(`base ${baseImageId}`);
  return hash.digest('hex');
}

/** The offline base's default tag, named after the Node that runs stackbench. */
export const offlineBaseTag = (): string => `stackbench-base:node-${process.version}`;

async function ensureBaseImage(
  requested: string | undefined,
  log: (line: string) => void,
): Promise<string> {
  if (requested !== undefined) {
    let id = await imageId(requested);
    if (id === undefined) {
      log(`Pulling base image ${requested}…`);
      await docker(['pull', requested], { timeoutMs: 600_000 });
      id = await imageId(requested);
    }
    if (id === undefined) throw new Error(`base image ${requested} is not available`);
    return id;
  }
  const tag = offlineBaseTag();
  const existing = await imageId(tag);
  if (existing !== undefined) return existing;
  log(`Building the offline base image ${tag} from ${process.execPath}…`);
  await new Promise<void>((resolve, reject) => {
    execFile(
      'bash',
      [join(PROJECT_ROOT, 'docker', 'build-offline-base.sh'), tag],
      { env: { ...process.env, NODE_BIN: process.execPath }, timeout: 300_000 },
      (error, _stdout, stderr) =>
        error
          ? reject(
              new Error(`docker/build-offline-base.sh failed: ${stderr.trim() || error.message}`),
            )
          : resolve(),
    );
  });
  const id = await imageId(tag);
  if (id === undefined) throw new Error(`docker/build-offline-base.sh did not create ${tag}`);
  return id;
}

/** Builds the servers image unless one with the same content hash exists; returns its tag. */
export async function ensureImage(
  options: Pick<DockerOptions, 'baseImage' | 'log'> = {},
): Promise<string> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const root = PROJECT_ROOT;
  for (const needed of ['dist/servers', 'node_modules', 'package-lock.json']) {
    if (!existsSync(join(root, needed)))
      throw new Error(
        `the server image needs ${needed} in ${root}: run \`npm ci && npm run build\` first`,
      );
  }
  const baseImage = options.baseImage ?? process.env.STACKBENCH_BASE_IMAGE;
  const baseId = await ensureBaseImage(baseImage, log);
  const hash = await imageHash(root, baseId);
  const tag = `${IMAGE_REPOSITORY}:${hash.slice(0, 16)}`;
  if ((await imageId(tag)) !== undefined) return tag;
  log(`Building ${tag} (docker/Dockerfile; reused while its inputs are unchanged)…`);
  await docker(
    [
      'build',
      '--file',
      join(root, 'docker', 'Dockerfile'),
      '--build-arg',
      `BASE_IMAGE=${baseImage ?? offlineBaseTag()}`,
      '--label',
      `org.stackbench.hash=${hash}`,
      '--tag',
      tag,
      root,
    ],
    // The classic builder: it needs no buildx plugin and never reaches for a registry
    // when the base image is local.
    { env: { DOCKER_BUILDKIT: '0' }, timeoutMs: 900_000 },
  );
  // The dependency stage stays behind as an untagged image; it is only a build cache.
  await docker(['image', 'prune', '--force', '--filter', 'label=org.stackbench.stage=deps']).catch(
    () => undefined,
  );
  return tag;
}

// ---------------------------------------------------------------------------------------
// Owners and stale containers

// Owner tags are shared with the process sweep (runner/process/owner.ts).
export { ownerGone, ownerOf, parseStartTime };

/** Labelled containers whose owning process is gone. */
export async function staleContainers(
  ownerNow: (pid: number) => string | undefined = ownerOf,
): Promise<string[]> {
  const { stdout } = await docker([
    'ps',
    '--all',
    '--filter',
    `label=${ROLE_LABEL}`,
    '--format',
    `{{.ID}} {{.Label "${OWNER_LABEL}"}}`,
  ]);
  return stdout
    .split('\n')
    .map((line) => line.trim().split(' '))
    .filter(([id, owner]) => id !== undefined && id !== '' && ownerGone(owner ?? '', ownerNow))
    .map(([id]) => id!);
}

/** Removes labelled containers left by runs that are no longer alive; returns their ids. */
export async function removeStaleContainers(): Promise<string[]> {
  const stale = await staleContainers();
  if (stale.length > 0) await docker(['rm', '--force', ...stale]);
  return stale;
}

// Containers of this process, removed on exit (process.exit after a second Ctrl-C).
const live = new Set<string>();
let exitHookInstalled = false;
function track(id: string): void {
  live.add(id);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    if (live.size === 0) return;
    try {
      execFileSync('docker', ['rm', '--force', ...live], { stdio: 'ignore', timeout: 10_000 });
    } catch {
      // the next run's cleanup removes them
    }
  });
}

// ---------------------------------------------------------------------------------------
// One container

/** A container's exit status as a process's: 128 + n means killed by signal n. */
export function exitFromStatus(status: number): { code: number | null; signal: string | null } {
  if (status > 128) {
    const name = Object.entries(constants.signals).find(([, n]) => n === status - 128)?.[0];
    if (name !== undefined) return { code: null, signal: name };
  }
  return { code: status, signal: null };
}

/** Why the image cannot run `stack`, or undefined when it can. */
export function dockerRefuses(stack: StackSpec): string | undefined {
  return stack.capabilities.docker === false
    ? `${stack.label} (${stack.name}) cannot run with --isolation docker: the servers image holds the Node stacks only; use --isolation process`
    : undefined;
}

/** The `docker run` arguments of one trial's server. */
export function runArgs(
  spec: ServerSpec,
  image: string,
  options: { memory: string; owner: string; name: string },
): string[] {
  const stack = findStack(spec.stack);
  if (stack === undefined) throw new Error(`unknown stack "${spec.stack}"`);
  if (stack.capabilities.docker === false) throw new Error(dockerRefuses(stack));
  const env: Record<string, string> = {
    HOST: '127.0.0.1',
    PORT: '0',
    VALIDATION: spec.validation,
    ...spec.env,
  };
  return [
    'run',
    '--detach',
    '--name',
    options.name,
    '--label',
    ROLE_LABEL,
    '--label',
    `${OWNER_LABEL}=${options.owner}`,
    '--label',
    `org.stackbench.stack=${spec.stack}`,
    '--network',
    'host',
    ...(spec.cpus === undefined ? [] : ['--cpuset-cpus', spec.cpus]),
    '--memory',
    options.memory,
    '--memory-swap',
    options.memory,
    ...Object.entries(env).flatMap(([k, v]) => ['--env', `${k}=${v}`]),
    image,
    ...stack.capabilities.docker.args,
  ];
}

let counter = 0;

/**
 * A container outlives the `docker run` client, so a killed runner would leave it running:
 * a small shell holds a pipe from this process and removes the container when the pipe
 * closes, which happens however this process dies. Not tethered (it must outlive us by the
 * time `docker rm` takes); killed once the container is removed normally.
 */
function removeWhenOrphaned(id: string) {
  const child = spawn('sh', ['-c', 'read -r _ ; exec docker rm --force "$0" >/dev/null 2>&1', id], {
    stdio: ['pipe', 'ignore', 'ignore'],
    detached: true,
  });
  child.on('error', () => undefined);
  child.unref();
  (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  return child;
}

async function startContainer(
  spec: ServerSpec,
  image: string,
  memory: string,
  timeoutMs: number,
): Promise<ServerHandle> {
  if (spec.entry !== undefined || spec.root !== undefined)
    throw new Error(
      `docker isolation runs the image's own servers; it cannot run ${spec.entry ?? spec.root} (use --isolation process)`,
    );
  const owner = ownerOf(process.pid) ?? `${process.pid}-0`;
  const name = `stackbench-${spec.stack}-${process.pid}-${++counter}`;
  const id = (await docker(runArgs(spec, image, { memory, owner, name }))).stdout.trim();
  track(id);

  const watcher = removeWhenOrphaned(id);
  // `docker wait` prints the exit status once the container stops.
  const wait = tethered('docker', ['wait', id]);
  const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    execFile(wait.file, wait.args, { timeout: 0 }, (error, stdout) => {
      const status = Number(stdout.trim());
      resolve(
        error || !Number.isInteger(status) ? { code: null, signal: null } : exitFromStatus(status),
      );
    });
  });
  const follow = tethered('docker', ['logs', '--follow', id]);
  const logs = spawn(follow.file, follow.args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderrText = '';
  logs.stderr.on('data', (chunk: Buffer) => {
    if (stderrText.length < 64_000) stderrText += chunk.toString();
  });
  // The logs follower ends with the container; it must not hold the event loop open.
  logs.unref();

  let stopping: Promise<{ code: number | null; signal: string | null }> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      try {
        await docker(['stop', '--time', String(STOP_GRACE_S), id], { timeoutMs: 30_000 });
      } catch {
        // already gone, or the daemon refused: remove it by force below
      }
      const result = await Promise.race([
        exited,
        new Promise<{ code: null; signal: null }>((r) =>
          setTimeout(() => r({ code: null, signal: null }), 5000).unref(),
        ),
      ]);
      await docker(['rm', '--force', id]).catch(() => undefined);
      live.delete(id);
      logs.kill();
      watcher.kill('SIGKILL');
      return result;
    })());

  try {
    const url = await waitForListening(
      logs.stdout!,
      exited,
      timeoutMs,
      () => stderrText,
      'container',
    );
    await waitForReady(url, timeoutMs);
    const pid = Number((await docker(['inspect', '--format', '{{.State.Pid}}', id])).stdout.trim());
    const dirs: CgroupDirs = cgroupOfPid(pid);
    return {
      url,
      usage() {
        const s = sampleCgroup(dirs);
        return s && { cpuS: s.cpuS, rssBytes: s.rssBytes };
      },
      peakRssBytes: () => sampleCgroup(dirs)?.peakBytes,
      exited,
      stop,
      stderr: () => stderrText,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

export function dockerIsolation(options: DockerOptions = {}): Isolation {
  let image: Promise<string> | undefined;
  const memory = options.memory ?? process.env.STACKBENCH_DOCKER_MEMORY ?? '512m';
  return {
    name: 'docker',
    capabilities: { containers: true, cpuSampling: true, needsCleanup: true, customEntry: false },
    refuses: dockerRefuses,

    async unavailable() {
      try {
        await docker(['info', '--format', '{{.ServerVersion}}'], { timeoutMs: 20_000 });
        return undefined;
      } catch (error) {
        if ((error as { code?: unknown }).code === 'ENOENT')
          return 'docker is not installed: apt-get install docker.io (or run scripts/setup-docker.sh)';
        return `the Docker daemon does not answer (${(error as Error).message.split('\n')[0]}): start it with scripts/setup-docker.sh (dockerd --bridge=none)`;
      }
    },

    async start(spec: ServerSpec): Promise<ServerHandle> {
      image ??= ensureImage(options);
      image.catch(() => (image = undefined));
      return startContainer(spec, await image, memory, options.startTimeoutMs ?? 30_000);
    },

    async cleanup() {
      const removed = await removeStaleContainers();
      if (removed.length > 0)
        (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)))(
          `Removed ${removed.length} container(s) left by an earlier run that is no longer alive.`,
        );
    },
  };
}
