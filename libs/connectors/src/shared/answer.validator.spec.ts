import { z } from 'zod';
import { itemLabel, validateAnswer, validateItems } from './answer.validator.js';
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

describe(validateItems.name, () => {
  it('keeps the items that validate and notes the others', () => {
    const notes = new PartialNotes();
    const valid = validateItems(
      item,
      [{ id: 'a' }, { id: 'b', count: 'x' }, 7],
      itemLabel('thing', 'id'),
      notes,
    );
    expect(valid).toEqual([{ id: 'a' }]);
    expect(notes.summary()).toBe(
      'skipped 2 invalid item(s): thing b (count: Invalid input: expected number, received string), thing #3 (Invalid input: expected object, received number)',
    );
  });
});

describe(PartialNotes.name, () => {
  it('says nothing when nothing was partial', () => {
    expect(new PartialNotes().summary()).toBeUndefined();
  });

  it('lists a few skipped items and counts the rest', () => {
    const sut = new PartialNotes();
    sut.add('issues: stopped after 50 pages');
    validateItems(
      item,
      Array.from({ length: 8 }, () => ({})),
      itemLabel('thing', 'id'),
      sut,
    );
    expect(sut.summary()).toMatch(
      /^issues: stopped after 50 pages; skipped 8 invalid item\(s\): thing #1 .*, and 3 more$/,
    );
  });
});
