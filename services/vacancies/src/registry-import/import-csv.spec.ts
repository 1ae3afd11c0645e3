import { parseKindergartenCsv } from './import-csv';

const HEADER = 'name_kk,name_ru,address,phone,lat,lng,region_id,district_id,is_state,languages';
const GOOD =
  '№1 бөбекжай,Ясли-сад № 1,"Астана, Кенесары, 1",+7 7172 20-00-01,51.13,71.43,astana,astana-esil,true,KK;RU';

describe('kindergarten CSV', () => {
  it('parses a good row into the registry fields', () => {
    const [row] = parseKindergartenCsv(`${HEADER}\n${GOOD}\n`);
    expect(row).toEqual({
      row: 2,
      nameRu: 'Ясли-сад № 1',
      reasons: [],
      fields: {
        nameKk: '№1 бөбекжай',
        nameRu: 'Ясли-сад № 1',
        address: 'Астана, Кенесары, 1',
        phone: '+7 7172 20-00-01',
        location: { lat: 51.13, lng: 71.43 },
        regionId: 'astana',
        districtId: 'astana-esil',
        isState: true,
        languages: ['KK', 'RU'],
      },
    });
  });

  it('gives each refused row its line number and every reason', () => {
    const rows = parseKindergartenCsv(
      [HEADER, GOOD, ',Ясли-сад № 2,addr,,91,71.4,astana,astana-esil,maybe,DE', `${GOOD},extra`, GOOD].join('\n'),
    );
    expect(rows.map((r) => [r.row, r.reasons.length > 0])).toEqual([
      [2, false],
      [3, true],
      [4, true],
      [5, true],
    ]);
    expect(rows[1].reasons).toEqual(
      expect.arrayContaining([
        'is_state: must be true or false',
        'nameKk: String must contain at least 1 character(s)',
        expect.stringMatching(/^location\.lat/),
        expect.stringMatching(/^languages\.0/),
      ]),
    );
    expect(rows[2].reasons).toContain('has 11 cells, the header has 10');
    expect(rows[3].reasons).toEqual(['repeats row 2']);
  });

  it('refuses the whole file when it is not a registry CSV', () => {
    expect(() => parseKindergartenCsv('name_ru,address\nx,y')).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        message: expect.stringContaining('missing columns: name_kk, lat'),
      }),
    );
    expect(() => parseKindergartenCsv(HEADER)).toThrow(expect.objectContaining({ message: 'the file has no rows' }));
    expect(() => parseKindergartenCsv(`${HEADER}\n"unterminated`)).toThrow(
      expect.objectContaining({ code: 'VALIDATION_FAILED' }),
    );
    // The refusal says where the file breaks, never what it holds.
    expect(() => parseKindergartenCsv(`${HEADER}\nx,920417412019"oops`)).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining('920417412019') }),
    );
  });
});
