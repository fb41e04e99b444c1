/**
 * A stack is a launch spec: everything stackbench needs to set up, start, describe and record
 * one server, in any language. Process and Docker isolation, verify, ab, the manifest and the
 * reports read these declarations and nothing else; adding a stack is one declaration in
 * `servers/stacks/` plus one line in `servers/stacks.ts`.
 */
import type { ValidationMode } from '../contract/schemas.js';

/** How to start a server: a program, its arguments and its working directory. */
export interface LaunchCommand {
  file: string;
  args: readonly string[];
  cwd: string;
  /** Variables the stack's declaration adds to the server's environment (a user's `env`). */
  env?: Readonly<Record<string, string>>;
}

/**
 * How a server that does not follow the contract's start-up (a user's own app) is started:
 * stackbench picks a free port, hands it over in `PORT` (and as `{port}` / `{host}` in the
 * command's arguments and environment), and waits until `ready` holds: a GET of that path
 * answers 2xx, or (`port`) the port accepts a TCP connection.
 */
export interface AssignedPortStartup {
  ready: { path: string } | 'port';
  /** How long to wait for it. */
  timeoutMs: number;
}

/** Preparation a stack needs before its first start (e.g. a Python virtual environment). */
export interface StackSetup {
  /** What `stackbench setup <name>` calls it; stacks that share a setup share the name. */
  name: string;
  /** One line for `stackbench setup --help`. */
  description: string;
  /**
   * Makes the version of the project in `root` ready to start: idempotent and cached, so a
   * second call returns at once. `log` receives progress lines. Rejects with a CliError
   * naming what is missing (exit 4) when the machine cannot do it.
   */
  ensure(root: string, log: (line: string) => void): Promise<void>;
}

export interface StackCapabilities {
  /**
   * The arguments to the servers image's `node` entrypoint (docker/Dockerfile), or false when
   * the image does not hold this stack (`--isolation docker` refuses it).
   */
  docker: { args: readonly string[] } | false;
  /** Whether it serves the catalog contract, so verify and the contract suite check it. */
  catalog: boolean;
  /**
   * Which threads tell whether the server had work (its saturation): `main`, an event loop
   * in the started process (Node, Uvicorn); `all`, a pool of request threads in the started
   * process and its children (Gunicorn's gthread worker under its arbiter).
   */
  busyThreads: 'main' | 'all';
}

export interface StackSpec {
  name: string;
  /** Display label, e.g. `Express 5`. */
  label: string;
  /** The language it is written in (the reports group by it). */
  language: string;
  /** Validation modes it supports (`VALIDATION` env). */
  validations: readonly ValidationMode[];
  /** The guide's "Docs Generation" column: how the stack gets its OpenAPI document. */
  docs: string;
  /** The guide's "Async Runtime" column. */
  runtime: string;
  /** How it is served (server, workers, event loop), stated in the reports. */
  serverConfig: string;
  capabilities: StackCapabilities;
  /**
   * Undefined: the contract's start-up (`PORT=0`, the `listening on` line, then `/ready`);
   * else the port is assigned and readiness is as declared (user stacks).
   */
  startup?: AssignedPortStartup;
  /** Run before the first start, once per machine (cached); undefined: nothing to prepare. */
  setup?: StackSetup;
  /** The command that starts it from the project at `root` (after `setup`). */
  command(root: string): Promise<LaunchCommand>;
  /** Package → version for the manifest, as installed for the project at `root`. */
  versions(root: string): Record<string, string>;
}
