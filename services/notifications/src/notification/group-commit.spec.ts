import { GroupCommit } from './group-commit';

describe('group commit', () => {
  it('sends the first call at once and the calls made meanwhile together, each answered its own', async () => {
    const batches: number[][] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const group = new GroupCommit<number, number>(async (items) => {
      batches.push(items);
      if (batches.length === 1) await gate;
      return items.map((i) => i * 10);
    });
    const first = group.run(1);
    await new Promise((r) => setImmediate(r));
    const later = [group.run(2), group.run(3), group.run(4)];
    release();
    expect(await Promise.all([first, ...later])).toEqual([10, 20, 30, 40]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('refuses every call of a failed batch and goes on with the next', async () => {
    let fail = true;
    const group = new GroupCommit<string, string>(async (items) => {
      if (fail) {
        fail = false;
        throw new Error('connection lost');
      }
      return items;
    });
    const failed = [group.run('a'), group.run('b')];
    await expect(Promise.all(failed)).rejects.toThrow('connection lost');
    await expect(failed[1]).rejects.toThrow('connection lost');
    expect(await group.run('c')).toBe('c');
  });

  it('keeps a batch within its bound', async () => {
    const sizes: number[] = [];
    const group = new GroupCommit<number, number>(async (items) => {
      sizes.push(items.length);
      return items;
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((i) => group.run(i)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
