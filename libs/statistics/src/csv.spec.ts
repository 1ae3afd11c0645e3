import { toCsv } from './csv';

describe('toCsv', () => {
  it('writes CSV a spreadsheet opens as data: quoted where needed, formulas defused, nulls empty', () => {
    expect(
      toCsv(
        ['a', 'b', 'c'],
        [
          { a: 'Есіл, ауданы', b: '=HYPERLINK("x")', c: null },
          { a: 'x"y', b: 2, c: -1 },
        ],
      ),
    ).toBe('a,b,c\r\n"Есіл, ауданы","\'=HYPERLINK(""x"")",\r\n"x""y",2,-1\r\n');
  });

  it('gives the header alone for no rows, in the columns’ order', () => {
    expect(toCsv(['kind', 'channel'], [])).toBe('kind,channel\r\n');
    expect(toCsv(['b', 'a'], [{ a: 1, b: 2, z: 3 }])).toBe('b,a\r\n2,1\r\n');
  });
});
