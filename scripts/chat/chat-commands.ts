/**
 * What a line typed into `npm run chat` stands for: plain text is a text message; a few slash
 * commands play the other things a phone sends (a location, a follow, a signboard scan, a menu
 * tap). Pure, so the mapping is tested without a terminal.
 */
export type ChatLine =
  | { kind: 'text'; content: string }
  | { kind: 'location'; latitude: string; longitude: string; label: string }
  | { kind: 'event'; event: string; fields: Record<string, string> }
  | { kind: 'help' }
  | { kind: 'quit' }
  | { kind: 'empty' }
  | { kind: 'invalid'; problem: string };

export const CHAT_HELP = `Type as a citizen would (e.g. 举报, 查询, 咨询 停水怎么办), or:
  /location <latitude>,<longitude> [label]   send a location (位置), e.g. /location 37.45,114.5 消水河桥
  /follow                                    follow the account (the welcome message)
  /scan <signboard id>                       scan a river-chief signboard QR code, e.g. /scan HZ-130522-0231
  /menu REPORT|QUERY|CONSULT|HELP            tap a menu item
  /help                                      this help
  /quit                                      leave (Ctrl-D works too)`;

const COORDINATE = /^-?\d{1,3}(\.\d+)?$/;
const MENU_KEYS = ['REPORT', 'QUERY', 'CONSULT', 'HELP'];

export function parseChatLine(line: string): ChatLine {
  const trimmed = line.trim();
  if (trimmed === '') return { kind: 'empty' };
  if (!trimmed.startsWith('/')) return { kind: 'text', content: trimmed };
  const [command = '', ...rest] = trimmed.split(/\s+/);
  const argument = rest.join(' ');
  switch (command.toLowerCase()) {
    case '/help':
      return { kind: 'help' };
    case '/quit':
    case '/exit':
      return { kind: 'quit' };
    case '/follow':
      return { kind: 'event', event: 'subscribe', fields: {} };
    case '/scan':
      return /^[A-Za-z0-9_-]{1,64}$/.test(argument)
        ? { kind: 'event', event: 'SCAN', fields: { EventKey: argument, Ticket: 'chat-cli' } }
        : { kind: 'invalid', problem: 'usage: /scan <signboard id>, e.g. /scan HZ-130522-0231' };
    case '/menu': {
      const key = argument.toUpperCase();
      return MENU_KEYS.includes(key)
        ? { kind: 'event', event: 'CLICK', fields: { EventKey: key } }
        : { kind: 'invalid', problem: `usage: /menu ${MENU_KEYS.join('|')}` };
    }
    case '/location': {
      const [pair = '', ...label] = rest;
      const [latitude = '', longitude = ''] = pair.split(',');
      if (!COORDINATE.test(latitude) || !COORDINATE.test(longitude)) {
        return { kind: 'invalid', problem: 'usage: /location <latitude>,<longitude> [label]' };
      }
      return { kind: 'location', latitude, longitude, label: label.join(' ') };
    }
    default:
      return { kind: 'invalid', problem: `unknown command ${command}; /help lists them` };
  }
}
