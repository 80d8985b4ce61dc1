import { z } from 'zod';
import { validateAnswer, validateItems, validateReceivedAnswer } from './answer.validator.js';
import { PartialNotes } from './validation.notes.js';

const item = z.looseObject({ id: z.string(), count: z.number().optional() });

describe(validateAnswer.name, () => {
  it('returns the validated answer, unknown fields kept', () => {
    expect(validateAnswer(item, { id: 'a', extra: true }, 'test')).toEqual({ id: 'a', extra: true });
  });

  it('fails the whole answer as malformed, naming the first problem', () => {
    expect(() => validateAnswer(item, { count: 1 }, 'Graph GET issues')).toThrow(
      expect.objectContaining({
        kind: 'malformed',
        message:
          'Graph GET issues: unexpected answer (id: Invalid input: expected string, received undefined)',
      }),
    );
  });
});

/** A schema whose output differs from its input, as a payload's dates do (read as Dates, stored as written). */
const dated = z.looseObject({ id: z.string(), at: z.string().transform((value) => new Date(value)) });

describe(validateReceivedAnswer.name, () => {
  it('returns the answer as received, not the schema’s output', () => {
    const answer = { id: 'a', at: '2026-11-20T10:00:00.1234567Z' };
    expect(validateReceivedAnswer(dated, answer, 'test')).toEqual(answer);
  });

  it('fails the whole answer as malformed', () => {
    expect(() => validateReceivedAnswer(dated, { id: 'a' }, 'test')).toThrow(
      expect.objectContaining({ kind: 'malformed' }),
    );
  });
});

describe(validateItems.name, () => {
  it('returns the items that validate as received, not the schema’s output', () => {
    const items = [{ id: 'a', at: '2026-11-20T10:00:00.1234567Z', extra: 1 }];
    expect(validateItems(dated, items, { kind: 'x.post', idField: 'id' }, new PartialNotes())).toEqual(items);
  });

  it('keeps the items that validate and notes the others as unreadable, by id or place', () => {
    const notes = new PartialNotes();
    const valid = validateItems(
      item,
      [{ id: 'a' }, { id: 'b', count: 'x' }, 7],
      { kind: 'x.post', idField: 'id' },
      notes,
    );
    expect(valid).toEqual([{ id: 'a' }]);
    expect(notes.unreadableItems).toEqual([
      {
        kind: 'x.post',
        id: 'b',
        item: { id: 'b', count: 'x' },
        reason: 'x.post b: count: Invalid input: expected number, received string',
      },
      {
        kind: 'x.post',
        id: null,
        item: 7,
        reason: 'x.post #3: Invalid input: expected object, received number',
      },
    ]);
  });
});

describe(`${validateItems.name} of one content in several answers`, () => {
  const validations = { count: 0 };
  const counted = z.looseObject({ id: z.string(), level: z.number() }).refine(() => ++validations.count > 0);
  const read = (items: unknown[], notes = new PartialNotes()) =>
    validateItems(counted, items, { kind: 'graph.issue', idField: 'id' }, notes);

  beforeEach(() => (validations.count = 0));

  it('validates a content once, whichever answer and field order it comes in', () => {
    expect(read([{ id: 'EX1', level: 1 }])).toEqual([{ id: 'EX1', level: 1 }]);
    expect(read([{ level: 1, id: 'EX1' }])).toEqual([{ level: 1, id: 'EX1' }]);
    expect(validations.count).toBe(1);
  });

  it('validates a changed content again, and notes one that fails every time it comes', () => {
    read([{ id: 'EX2', level: 1 }]);
    read([{ id: 'EX2', level: 2 }]);
    expect(validations.count).toBe(2);
    const notes = new PartialNotes();
    read([{ id: 'EX3', level: 'high' }], notes);
    read([{ id: 'EX3', level: 'high' }], notes);
    expect(notes.unreadableItems.map((unreadable) => unreadable.id)).toEqual(['EX3', 'EX3']);
  });
});

describe(PartialNotes.name, () => {
  it('says nothing when nothing was partial', () => {
    expect(new PartialNotes().summary()).toBeUndefined();
  });

  it('joins its notes; unreadable items are not among them (the poll run counts them)', () => {
    const sut = new PartialNotes();
    sut.add('issues: stopped after 50 pages');
    sut.add('messages: forbidden');
    validateItems(item, [{}], { kind: 'x.post', idField: 'id' }, sut);
    expect(sut.summary()).toBe('issues: stopped after 50 pages; messages: forbidden');
  });
});
