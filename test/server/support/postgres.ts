// A throwaway PostgreSQL cluster for the tests: one per process, started on first use, and a fresh
// database for every caller. Returns { skipped } (one line) when no server can be had here.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, chownSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

interface Cluster {
  bin: string;
  dir: string;
  port: number;
  users: number;
}

let starting: Promise<Cluster | { skipped: string }> | null = null;

export async function startPostgres(): Promise<{ url: string; stop(): Promise<void> } | { skipped: string }> {
  starting ??= startCluster();
  const cluster = await starting;
  if ('skipped' in cluster) return cluster;
  const name = `channel_kit_${Math.random().toString(36).slice(2, 10)}`;
  await admin(cluster, `CREATE DATABASE ${name}`);
  cluster.users += 1;
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${cluster.port}/${name}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await admin(cluster, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      cluster.users -= 1;
      if (cluster.users === 0) {
        starting = null;
        await stopCluster(cluster, 'fast');
      }
    },
  };
}

async function admin(cluster: Cluster, sql: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port: cluster.port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function startCluster(): Promise<Cluster | { skipped: string }> {
  let bin = findBinaries();
  const root = process.getuid?.() === 0;
  if (!bin && root && hasCommand('apt-get')) {
    const installed = await install();
    if (installed) return { skipped: installed };
    bin = findBinaries();
  }
  if (!bin) {
    return { skipped: `PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb)${root ? '' : ' and, not being root, the tests cannot install it'}.` };
  }
  const dir = mkdtempSync(join(tmpdir(), 'ck-pg-'));
  try {
    if (root) {
      const [uid, gid] = ['-u', '-g'].map((flag) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim()));
      chownSync(dir, uid as number, gid as number);
    }
    const port = await freePort();
    await asPostgres(join(bin, 'initdb'), ['-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    const cluster: Cluster = { bin, dir, port, users: 0 };
    await asPostgres(join(bin, 'pg_ctl'), [
      '-D', join(dir, 'data'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, '-l', join(dir, 'log'), '-w', 'start',
    ]);
    process.once('exit', () => stopClusterNow(cluster));
    return cluster;
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    return { skipped: `PostgreSQL did not start: ${firstLine(error)}` };
  }
}

function findBinaries(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  const found = versions.map((v) => join(base, v, 'bin')).find((bin) => existsSync(join(bin, 'initdb')));
  return found ?? null;
}

/** Returns why the install failed, or null when it worked. */
async function install(): Promise<string | null> {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  try {
    await run('apt-get', ['update', '-qq'], { env });
    await run('apt-get', ['install', '-y', '-qq', 'postgresql'], { env, maxBuffer: 64 * 1024 * 1024 });
    return null;
  } catch (error) {
    return `PostgreSQL is not installed and apt-get could not install it: ${firstLine(error)}`;
  }
}

function asPostgres(command: string, args: string[]): Promise<unknown> {
  const root = process.getuid?.() === 0;
  // initdb refuses to run as root.
  return root ? run('runuser', ['-u', 'postgres', '--', command, ...args], { cwd: '/' }) : run(command, args);
}

async function stopCluster(cluster: Cluster, mode: 'fast' | 'immediate'): Promise<void> {
  try {
    await asPostgres(join(cluster.bin, 'pg_ctl'), ['-D', join(cluster.dir, 'data'), '-m', mode, '-w', 'stop']);
  } finally {
    rmSync(cluster.dir, { recursive: true, force: true });
  }
}

/** On exit only synchronous work runs. */
function stopClusterNow(cluster: Cluster): void {
  if (!existsSync(cluster.dir)) return;
  const args = [join(cluster.bin, 'pg_ctl'), '-D', join(cluster.dir, 'data'), '-m', 'immediate', '-w', 'stop'];
  const [command, ...rest] = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  spawnSync(command as string, rest, { stdio: 'ignore', cwd: '/' });
  rmSync(cluster.dir, { recursive: true, force: true });
}

function hasCommand(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('No free port.'))));
    });
  });
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text = typeof stderr === 'string' && stderr.trim() ? stderr : error instanceof Error ? error.message : String(error);
  return text.trim().split('\n')[0] ?? 'unknown error';
}
