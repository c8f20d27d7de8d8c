import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ADMIN_KEY } from './test-app';

const ROOT = join(__dirname, '../..');

/** The service as a separate OS process (API, worker or both), which a test may kill -9. */
export interface ServiceProcess {
  process: ChildProcess;
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

export async function startServiceProcess(entry: 'src/main.ts' | 'src/worker.ts', env: Record<string, string>): Promise<ServiceProcess> {
  let output = '';
  const child = spawn(process.execPath, [join(ROOT, 'test/support/run-ts.js'), join(ROOT, entry)], {
    cwd: ROOT,
    env: { ...process.env, NODE_ENV: 'test', ADMIN_API_KEY: ADMIN_KEY, LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // Generous: a process compiling its TypeScript on a loaded 2-core machine can take half a minute to boot.
  const deadline = Date.now() + 90_000;
  while (!/Worker running|listening on/.test(output)) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`The service process did not start:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    process: child,
    output: () => output,
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}
