import { graphIssueForProvisional, type GraphIssueCandidate } from './provisional-merge.js';

const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 20, hour, minute));
const teams = (id: string, startedAt: Date, end?: Date): GraphIssueCandidate => ({
  id,
  serviceId: 'microsoftteams',
  startedAt,
  isResolved: end !== undefined,
  endedAt: end ?? null,
});
const provisional = { serviceId: 'microsoftteams', openedAt: at(10) };

describe(graphIssueForProvisional.name, () => {
  it.each<[string, GraphIssueCandidate[], string | null]>([
    ['the open issue of its service that started with it', [teams('TM1', at(9, 50))], 'TM1'],
    ['an issue that started up to two hours later', [teams('TM1', at(12))], 'TM1'],
    ['not one that started more than two hours away', [teams('TM1', at(7, 59))], null],
    [
      'not an event resolved nine days earlier',
      [teams('TM1', new Date(at(9).getTime() - 9 * 86400_000), at(11))],
      null,
    ],
    ['not one resolved before it opened', [teams('TM1', at(9), at(9, 30))], null],
    ['one resolved after it opened', [teams('TM1', at(9, 30), at(10, 30))], 'TM1'],
    ['the nearest of two', [teams('TM1', at(8, 30)), teams('TM2', at(10, 20))], 'TM2'],
    ['of two as near, the first id', [teams('TM2', at(9, 40)), teams('TM1', at(10, 20))], 'TM1'],
    ['never another service', [{ ...teams('EX1', at(10)), serviceId: 'Exchange' }], null],
    ['never an issue without a start', [{ ...teams('TM1', at(10)), startedAt: null }], null],
    ['none at all', [], null],
  ])('%s', (_, issues, expected) => {
    expect(graphIssueForProvisional(provisional, issues)).toBe(expected);
  });

  it('never matches a provisional incident without a service', () => {
    expect(
      graphIssueForProvisional({ serviceId: null, openedAt: at(10) }, [
        { ...teams('TM1', at(10)), serviceId: null },
      ]),
    ).toBeNull();
  });
});
