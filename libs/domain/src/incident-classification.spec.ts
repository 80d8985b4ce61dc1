import { classificationOf, type IncidentClassification } from './incident-classification.js';

describe(classificationOf.name, () => {
  it.each<[string | null | undefined, IncidentClassification]>([
    ['incident', 'INCIDENT'],
    ['Incident', 'INCIDENT'],
    ['INCIDENT', 'INCIDENT'],
    [' incident ', 'INCIDENT'],
    ['advisory', 'ADVISORY'],
    ['Advisory', 'ADVISORY'],
    ['ADVISORY', 'ADVISORY'],
    ['unknownFutureValue', 'UNKNOWN'],
    ['incidents', 'UNKNOWN'],
    ['toString', 'UNKNOWN'],
    ['constructor', 'UNKNOWN'],
    ['', 'UNKNOWN'],
    [null, 'UNKNOWN'],
    [undefined, 'UNKNOWN'],
  ])('maps %j to %s', (word, classification) => {
    expect(classificationOf(word)).toBe(classification);
  });
});
