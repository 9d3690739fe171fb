/**
 * Runs the embedded FerretDB as a child process on a free loopback port. The child exits when
 * its stdin closes, so even a killed Node process leaves no database behind.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

export interface EmbeddedDatabase {
  /** mongodb://127.0.0.1:<port>/ (no database name) */
  uri: string;
  pid: number;
  stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 5_000;

export function startFerretDb(binary: string, dataDir: string): Promise<EmbeddedDatabase> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      binary,
      ['-listen-addr', '127.0.0.1:0', '-data-dir', dataDir, '-log-level', 'error'],
      {
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    const stderrTail: string[] = [];
    createInterface({ input: child.stderr }).on('line', (line) => {
      stderrTail.push(line);
      if (stderrTail.length > 20) stderrTail.shift();
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));

    const fail = (reason: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`embedded database did not start: ${reason}\n${stderrTail.join('\n')}`.trim()));
    };
    const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
    const failOnExit = (code: number | null) => fail(`exited with code ${code}`);
    child.once('error', (error) => fail(error.message));
    child.once('exit', failOnExit);

    createInterface({ input: child.stdout }).once('line', (line) => {
      const match = /^listening (mongodb:\/\/\S+)$/.exec(line);
      if (!match?.[1]) return fail(`unexpected output: ${line}`);
      clearTimeout(timer);
      child.off('exit', failOnExit);
      resolve({
        uri: match[1],
        pid: child.pid ?? -1,
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null) return;
          child.kill('SIGTERM');
          const killer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
          await exited;
          clearTimeout(killer);
        },
      });
    });
  });
}
