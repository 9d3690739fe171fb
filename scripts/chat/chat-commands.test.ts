import { parseChatLine } from './chat-commands';

describe('parseChatLine', () => {
  test.each([
    ['举报', { kind: 'text', content: '举报' }],
    ['  查询 SL20261123000042 ', { kind: 'text', content: '查询 SL20261123000042' }],
    ['', { kind: 'empty' }],
    [
      '/location 37.45,114.5 消水河 桥',
      { kind: 'location', latitude: '37.45', longitude: '114.5', label: '消水河 桥' },
    ],
    ['/follow', { kind: 'event', event: 'subscribe', fields: {} }],
    [
      '/scan HZ-130522-0231',
      { kind: 'event', event: 'SCAN', fields: { EventKey: 'HZ-130522-0231', Ticket: 'chat-cli' } },
    ],
    ['/menu query', { kind: 'event', event: 'CLICK', fields: { EventKey: 'QUERY' } }],
    ['/quit', { kind: 'quit' }],
    ['/help', { kind: 'help' }],
  ])('when %j is typed, then it is %j', (line, expected) => {
    expect(parseChatLine(line)).toEqual(expected);
  });

  test.each(['/location north', '/menu SHOP', '/scan', '/dance'])(
    'when %j is typed, then a usage hint comes back',
    (line) => {
      expect(parseChatLine(line)).toMatchObject({ kind: 'invalid', problem: expect.any(String) });
    },
  );
});
