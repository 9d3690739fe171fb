/**
 * Runs the tasks of one key one after another, and different keys side by side. A reporter who
 * sends a photo and then "好了" must reach the server in that order, although the photo's upload
 * takes longer than the text.
 */
export interface PerKeyQueue {
  /** Resolves or rejects with the task, once every earlier task of the same key has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
}

export function createPerKeyQueue(): PerKeyQueue {
  const tails = new Map<string, Promise<unknown>>();

  return {
    run<T>(key: string, task: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const result = previous.then(task, task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      // Forget the key once its last task is done, so the map does not grow with every reporter.
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
  };
}
