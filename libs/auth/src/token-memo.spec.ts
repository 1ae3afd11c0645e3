import { TokenMemo } from './token-memo';

describe('a token memo', () => {
  const at = (ms: number) => new Date(ms);

  it('answers only inside the window it was given', () => {
    const memo = new TokenMemo<string>(10);
    memo.keep('t', 'v', 1_000, 2_000);
    expect([999, 1_000, 1_999, 2_000].map((t) => memo.get('t', at(t)))).toEqual([undefined, 'v', 'v', undefined]);
    expect(memo.get('other', at(1_500))).toBeUndefined();
  });

  it('forgets the oldest entry when full, and a renewed key keeps its place', () => {
    const memo = new TokenMemo<number>(2);
    memo.keep('a', 1, 0, 10);
    memo.keep('b', 2, 0, 10);
    memo.keep('a', 3, 0, 10);
    memo.keep('c', 4, 0, 10);
    expect(['a', 'b', 'c'].map((k) => memo.get(k, at(5)))).toEqual([undefined, 2, 4]);
  });
});
