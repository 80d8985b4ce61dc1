import { type DocumentNode, type OperationDefinitionNode, parse, print } from 'graphql';
import { SharedDocuments } from './shared-documents.js';

const PAGE = 'subscription Page($t: ID) { incidentUpdated(tenantId: $t) { id updates { text } } }';
const OTHER = 'subscription { serviceStatusChanged { id } }';

const operation = (document: DocumentNode) => document.definitions[0] as OperationDefinitionNode;

describe('SharedDocuments', () => {
  it("gives a later parse of the same text the first parse's tree, keeping the nodes Mercurius holds", () => {
    const documents = new SharedDocuments(undefined as never);
    const first = parse(PAGE);
    const later = parse(PAGE);
    const heldByMercurius = operation(later);
    documents.share(first);
    documents.share(later);

    expect(operation(later)).toBe(heldByMercurius);
    expect(heldByMercurius.selectionSet).toBe(operation(first).selectionSet);
    expect(heldByMercurius.variableDefinitions).toBe(operation(first).variableDefinitions);
    expect(heldByMercurius.loc).toBe(operation(first).loc);
    expect(later.loc).toBe(first.loc);
    expect(print(later)).toBe(print(parse(PAGE)));
  });

  it('keeps another text its own, and at most 100 texts', () => {
    const documents = new SharedDocuments(undefined as never);
    const page = parse(PAGE);
    const other = parse(OTHER);
    documents.share(page);
    documents.share(other);
    expect(operation(other).selectionSet).not.toBe(operation(page).selectionSet);
    expect(print(other)).toBe(print(parse(OTHER)));

    for (let n = 0; n < 150; n++)
      documents.share(parse(`subscription S${n} { serviceStatusChanged { id } }`));
    expect(documents.size).toBe(100);
  });
});
