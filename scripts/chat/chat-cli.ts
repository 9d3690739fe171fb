/**
 * `npm run chat`: a terminal conversation with the running server through its real callback
 * endpoint, signed and encrypted as WeChat does, so anyone can file a report by chat without
 * WeChat credentials. It uses the server's credentials (the sandbox ones from DATA_DIR unless
 * WECHAT_* are set) and keeps one openid per data folder, so 查询 finds earlier reports.
 *
 *   npm run chat                      # the server from `npm start` on PORT (default 3000)
 *   CHAT_SERVER_URL=http://host:port npm run chat
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { ConfigError, loadConfig } from '../../config/load-config';
import { CHAT_HELP, parseChatLine, type ChatLine } from './chat-commands';
import { createWechatSimulator, makeOpenId, type SimulatedRequest } from './wechat-simulator';

const GH_ID = 'gh_sandbox12314';

function readOrCreateOpenId(dataDir: string): string {
  const file = path.join(dataDir, 'chat-openid.txt');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const openid = makeOpenId();
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, `${openid}\n`, { mode: 0o600 });
  return openid;
}

async function main(): Promise<void> {
  const config = loadConfig();
  const serverUrl = (process.env.CHAT_SERVER_URL ?? `http://${config.host}:${config.port}`).replace(
    /\/+$/,
    '',
  );
  const openid = process.env.CHAT_OPENID ?? readOrCreateOpenId(config.dataDir);
  const mode = config.wechatMessageMode;
  const simulator = createWechatSimulator(
    {
      token: config.wechat.token,
      aesKey: config.wechat.encodingAesKey,
      appId: config.wechat.appId,
      ghId: GH_ID,
    },
    { mode },
  );

  function toRequest(line: Extract<ChatLine, { kind: 'text' | 'location' | 'event' }>): SimulatedRequest {
    if (line.kind === 'text') return simulator.text(openid, line.content);
    if (line.kind === 'location') return simulator.location(openid, line);
    return simulator.event(openid, line.event, line.fields);
  }

  async function send(call: SimulatedRequest): Promise<string> {
    let response: Response;
    try {
      response = await fetch(`${serverUrl}${call.path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'text/xml' },
        body: call.body,
      });
    } catch {
      return `(cannot reach the server at ${serverUrl}: start it with \`npm start\`, or set CHAT_SERVER_URL)`;
    }
    const body = await response.text();
    if (response.status !== 200) {
      return `(the server refused the message: HTTP ${response.status}; does it use the same DATA_DIR or WECHAT_* settings?)`;
    }
    const reply = simulator.readReply(body, call);
    if (reply === 'success' || reply === '') return '(no reply)';
    return reply.content ?? `(a ${reply.msgType} reply)`;
  }

  console.log(`Chatting with ${serverUrl} as ${openid} (${mode} mode). /help lists the commands.`);
  const input = readline.createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
  const prompt = () => process.stdin.isTTY && process.stdout.write('您> ');
  prompt();
  for await (const raw of input) {
    const line = parseChatLine(raw);
    if (line.kind === 'quit') break;
    if (line.kind === 'help') console.log(CHAT_HELP);
    else if (line.kind === 'invalid') console.log(line.problem);
    else if (line.kind !== 'empty')
      console.log(`12314> ${(await send(toRequest(line))).replace(/\n/g, '\n       ')}`);
    prompt();
  }
  input.close();
}

main().catch((error: unknown) => {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
});
