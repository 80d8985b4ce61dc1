import { incidentVisible, readsTenant, tenantRecordVisible } from './tenant-visibility.js';

describe('tenant visibility', () => {
  it.each<[string, readonly string[] | null, string, boolean]>([
    ['every tenant', null, 'contoso', true],
    ['its own tenant', ['contoso', 'fabrikam'], 'fabrikam', true],
    ["another tenant's", ['contoso'], 'fabrikam', false],
    ['no tenant at all', [], 'contoso', false],
  ])('%s: reads %s', (_, reader, tenantId, expected) => {
    expect(readsTenant(reader, tenantId)).toBe(expected);
  });

  it.each<[string, readonly string[] | null, string | null, boolean]>([
    ['a global record, to a reader of one tenant', ['contoso'], null, true],
    ['a global record, to a reader of no tenant', [], null, true],
    ["a tenant's record, to that tenant", ['contoso'], 'contoso', true],
    ["a tenant's record, to another", ['contoso'], 'fabrikam', false],
    ["a tenant's record, to every tenant", null, 'fabrikam', true],
  ])('%s', (_, reader, tenantId, expected) => {
    expect(tenantRecordVisible(reader, tenantId)).toBe(expected);
  });

  it.each<[string, readonly string[] | null, boolean, string[], boolean]>([
    ['provisional, to a reader of no tenant', [], true, [], true],
    ['provisional, to a reader of another tenant', ['fabrikam'], true, ['contoso'], true],
    ["listed by the reader's tenant", ['contoso'], false, ['contoso', 'northwind'], true],
    ['listed only by other tenants', ['fabrikam'], false, ['contoso', 'northwind'], false],
    ['listed by nobody, to a reader of one tenant', ['contoso'], false, [], false],
    ['listed by nobody, to every tenant', null, false, [], true],
  ])('an incident %s', (_, reader, provisional, tenantIds, expected) => {
    expect(incidentVisible(reader, { provisional, tenantIds })).toBe(expected);
  });
});
