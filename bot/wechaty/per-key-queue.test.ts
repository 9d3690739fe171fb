import { createPerKeyQueue } from './per-key-queue';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createPerKeyQueue', () => {
  test('when a slow task of a key is followed by a quick one, then they finish in the order given', async () => {
    const queue = createPerKeyQueue();
    const finished: string[] = [];
    await Promise.all([
      queue.run('alice', async () => {
        await pause(30);
        finished.push('photo');
      }),
      queue.run('alice', async () => {
        finished.push('好了');
      }),
    ]);
    expect(finished).toEqual(['photo', '好了']);
  });

  test('when two keys have tasks, then the quick one does not wait for the slow one', async () => {
    const queue = createPerKeyQueue();
    const finished: string[] = [];
    await Promise.all([
      queue.run('alice', async () => {
        await pause(30);
        finished.push('alice');
      }),
      queue.run('bob', async () => {
        finished.push('bob');
      }),
    ]);
    expect(finished).toEqual(['bob', 'alice']);
  });

  test('when a task fails, then its caller gets the error and the next task of the key still runs', async () => {
    const queue = createPerKeyQueue();
    const failing = queue.run('alice', () => Promise.reject(new Error('server down')));
    const next = queue.run('alice', async () => 'answered');
    await expect(failing).rejects.toThrow('server down');
    await expect(next).resolves.toBe('answered');
  });
});
