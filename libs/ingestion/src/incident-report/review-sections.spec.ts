import { findReviewSections, type ReviewSections } from './review-sections.js';

const NONE: ReviewSections = {
  userImpact: null,
  scopeOfImpact: null,
  startEndTime: null,
  rootCause: null,
  actionsTaken: null,
  nextSteps: null,
};

describe('findReviewSections', () => {
  it.each<[string, string, Partial<ReviewSections>]>([
    [
      'headings on their own lines, as Word paragraphs',
      'Post-Incident Review\n\nUser Impact\n\nUsers could not sign in.\n\nScope of Impact\n\nEurope.\n\n' +
        'Incident Start-End Date and Time\n\nStart: 10:00 UTC\nEnd: 11:00 UTC\n\nRoot Cause\n\nA bad change.\n\n' +
        'Actions Taken\n\nRolled back.\n\nNext Steps\n\nMore tests.',
      {
        userImpact: 'Users could not sign in.',
        scopeOfImpact: 'Europe.',
        startEndTime: 'Start: 10:00 UTC\nEnd: 11:00 UTC',
        rootCause: 'A bad change.',
        actionsTaken: 'Rolled back.',
        nextSteps: 'More tests.',
      },
    ],
    [
      'headings opening the line, any case and punctuation',
      'USER IMPACT: Users could not sign in.\nscope of impact - Europe\nROOT CAUSE: A bad change\nthat spread.\n' +
        'Actions taken: Rolled back.\nNext Steps: More tests.',
      {
        userImpact: 'Users could not sign in.',
        scopeOfImpact: 'Europe',
        rootCause: 'A bad change\nthat spread.',
        actionsTaken: 'Rolled back.',
        nextSteps: 'More tests.',
      },
    ],
    [
      'a heading with a trailing colon alone on its line',
      'Root Cause:\nA bad change.\nNext steps:\n\nMore tests.',
      { rootCause: 'A bad change.', nextSteps: 'More tests.' },
    ],
    [
      'the start and the end under headings of their own',
      'Incident Start Date and Time: 20 November 2026, 10:00 UTC\nIncident End Date and Time: 20 November 2026, 11:00 UTC',
      { startEndTime: 'Start: 20 November 2026, 10:00 UTC\nEnd: 20 November 2026, 11:00 UTC' },
    ],
    [
      'en dash and "Start and End Time"',
      'Incident Start–End Date and Time\n10:00 to 11:00\nStart and end time: ignored, the section is already open',
      { startEndTime: '10:00 to 11:00\nignored, the section is already open' },
    ],
    [
      'a preliminary root cause, as Graph posts name it',
      'Preliminary root cause: A bad change.',
      { rootCause: 'A bad change.' },
    ],
    [
      'sentences that merely mention a section are not headings',
      'The root cause of this incident was a change: we rolled it back.\nActions were taken.',
      {},
    ],
    ['text before any heading belongs to none', 'Post-Incident Report - EX1\nA summary.', {}],
    [
      'a heading with nothing under it stays null',
      'Root cause:\n\nNext steps: More tests.',
      { nextSteps: 'More tests.' },
    ],
    ['no text at all', '', {}],
  ])('%s', (_, text, expected) => {
    expect(findReviewSections(text)).toEqual({ ...NONE, ...expected });
  });
});
