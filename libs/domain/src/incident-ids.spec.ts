import { extractIncidentIds, isIncidentId } from './incident-ids.js';

describe(extractIncidentIds.name, () => {
  it.each<[string | null | undefined, string[]]>([
    ['More info under TM1199007 in the admin center.', ['TM1199007']],
    ['EX226792', ['EX226792']],
    ['Five digits EX12345, eight digits MO12345678', ['EX12345', 'MO12345678']],
    [
      'We are providing updates via MO571683. Updates for Exchange continue via EX571516.',
      ['MO571683', 'EX571516'],
    ],
    ['EX571516 and MO571683, then EX571516 again', ['EX571516', 'MO571683']],
    [
      '(EX1234567), "TM1234567", #SP1234567, EX1234567\'s, OD1234567.',
      ['EX1234567', 'TM1234567', 'SP1234567', 'OD1234567'],
    ],
    ['Reference:MO1199001;CR1234567/CS7654321', ['MO1199001', 'CR1234567', 'CS7654321']],
    ['See MC172851 and MC1180442 in the message center', []],
    ['MC1180442 replaces the advisory EX1190034', ['EX1190034']],
    ['Install KB5034441 to fix EX1190034; KB5034441 is a Windows update', ['EX1190034']],
    ['Not ids: XEX1234567, EX123456789, EX1234, EX1234567X, EX1234567_1, 1EX1234567', []],
    ['Lower case is not an id: ex1234567, Ex1234567', []],
    ['A one-letter or three-letter prefix is not an id: E1234567, EXO1234567', []],
    ['', []],
    [null, []],
    [undefined, []],
  ])('finds in %j the ids %j', (text, ids) => {
    expect(extractIncidentIds(text)).toEqual(ids);
  });
});

describe(isIncidentId.name, () => {
  it.each([
    ['EX1234567', true],
    ['MO12345', true],
    ['TM12345678', true],
    ['MC1180442', false],
    ['KB5034441', false],
    ['EX1234', false],
    ['EX123456789', false],
    [' EX1234567', false],
    ['EX1234567 TM1234567', false],
    ['beacon-3f2c1a', false],
    ['', false],
  ])('says %j is an incident id: %s', (value, expected) => {
    expect(isIncidentId(value)).toBe(expected);
  });
});
