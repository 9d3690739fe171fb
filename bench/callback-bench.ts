/**
 * Issue 4's figure: the official-account callback in safe mode (decrypt, parse, dedup, dialog
 * step, session save, encrypt) under 64 concurrent connections. Each connection is one citizen
 * going through the report dialog turn after turn (and 取消 at the summary, so no case is filed:
 * intake has its own figures). Requests are signed and encrypted before the clock starts.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import readline from 'node:readline';
import { createWechatSimulator, makeOpenId, type SimulatedRequest } from '../scripts/chat/wechat-simulator';
import { BENCH_DIALOG as DIALOG } from './callback-cpu-bench';
import { summarise } from './measure';

/** The target's 64 connections, and a light load for comparison. */
const CONNECTION_COUNTS = (process.env.BENCH_CALLBACK_CONNECTIONS ?? '8,64').split(',').map(Number);
const MESSAGES = Number(process.env.BENCH_CALLBACK_MESSAGES ?? 2_000);
const TARGET_CONNECTIONS = 64;

interface BenchServer {
  url: string;
  appId: string;
  token: string;
  aesKey: string;
}

function startBenchServer(): Promise<{ server: BenchServer; stop(): void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'callback-server.ts')], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with ${code}`)));
    readline.createInterface({ input: child.stdout! }).once('line', (line) => {
      resolve({ server: JSON.parse(line) as BenchServer, stop: () => child.stdin!.end() });
    });
  });
}

function post(agent: http.Agent, url: string, call: SimulatedRequest): Promise<string> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}${call.path}`,
      { method: 'POST', agent, headers: { 'Content-Type': 'text/xml' } },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          response.statusCode === 200 ? resolve(body) : reject(new Error(`HTTP ${response.statusCode}`)),
        );
      },
    );
    request.on('error', reject);
    request.end(call.body);
  });
}

/** The messages of each connection, in dialog order, one citizen per connection. */
function prepareConversations(
  simulator: ReturnType<typeof createWechatSimulator>,
  connections: number,
  total: number,
) {
  const perConnection = Math.ceil(total / connections);
  return Array.from({ length: connections }, () => {
    const openid = makeOpenId();
    return Array.from({ length: perConnection }, (_, turn) =>
      simulator.text(openid, DIALOG[turn % DIALOG.length]!),
    );
  });
}

async function drive(
  url: string,
  conversations: SimulatedRequest[][],
  check: (body: string, call: SimulatedRequest) => void,
) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conversations.length });
  const samples: number[] = [];
  const started = process.hrtime.bigint();
  await Promise.all(
    conversations.map(async (calls) => {
      for (const call of calls) {
        const sent = process.hrtime.bigint();
        check(await post(agent, url, call), call);
        samples.push(Number(process.hrtime.bigint() - sent) / 1e6);
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return { ...summarise(samples), perSecond: samples.length / seconds };
}

export async function runCallbackBench(): Promise<void> {
  const { server, stop } = await startBenchServer();
  try {
    const simulator = createWechatSimulator(
      { appId: server.appId, token: server.token, aesKey: server.aesKey, ghId: 'gh_bench' },
      { mode: 'safe' },
    );
    let late = 0;
    const check = (body: string, call: SimulatedRequest) => {
      // every reply is decrypted and checked as WeChat would (signature, AppID, seconds)
      const reply = simulator.readReply(body, call);
      if (reply === 'success' || reply === '') late += 1;
      else if (!reply.content) throw new Error(`no dialog reply: ${body.slice(0, 80)}`);
    };
    for (const connections of CONNECTION_COUNTS) {
      await drive(server.url, prepareConversations(simulator, connections, connections * 10), check);
      late = 0;
      const figures = await drive(server.url, prepareConversations(simulator, connections, MESSAGES), check);
      const met = figures.perSecond >= 1500 && figures.p99 <= 50;
      const verdict =
        connections === TARGET_CONNECTIONS
          ? `  (target ≥ 1500 msg/s and p99 ≤ 50 ms: ${met ? 'met' : 'MISSED'})`
          : '';
      console.log(
        `callback end to end, safe mode, ${connections} connections, ${figures.runs} messages: ` +
          `${figures.perSecond.toFixed(0)} msg/s, p50 ${figures.p50.toFixed(1)} ms, p99 ${figures.p99.toFixed(1)} ms, ` +
          `max ${figures.max.toFixed(1)} ms; ${late} answered \`success\` at 4 s (answer sent as a customer-service message)` +
          verdict,
      );
    }
  } finally {
    stop();
  }
}
