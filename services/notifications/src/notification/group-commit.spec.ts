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

  it('tries a failed batch item by item: a bad item refuses only its own call', async () => {
    const batches: string[][] = [];
    const group = new GroupCommit<string, string>(async (items) => {
      batches.push(items);
      if (items.includes('bad')) throw new Error('violates a check');
      return items.map((i) => i.toUpperCase());
    });
    const calls = [group.run('a'), group.run('bad'), group.run('b')];
    await expect(calls[1]).rejects.toThrow('violates a check');
    expect(await calls[0]).toBe('A');
    expect(await calls[2]).toBe('B');
    expect(batches).toEqual([['a', 'bad', 'b'], ['a'], ['bad'], ['b']]);
    expect(await group.run('c')).toBe('C');
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
