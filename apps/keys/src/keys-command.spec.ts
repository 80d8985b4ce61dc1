import { parseKeysCommand } from './keys-command.js';

describe(parseKeysCommand.name, () => {
  it.each([
    [[], { action: 'help' }],
    [['--help'], { action: 'help' }],
    [
      ['create', '--name', 'desk', '--role', 'viewer'],
      { action: 'create', name: 'desk', role: 'viewer', tenantIds: null },
    ],
    [
      ['create', '--name', 'msp', '--role', 'analyst', '--tenant', 'a', '--tenant', 'b'],
      { action: 'create', name: 'msp', role: 'analyst', tenantIds: ['a', 'b'] },
    ],
    [['list'], { action: 'list', includeRevoked: false }],
    [['list', '--all'], { action: 'list', includeRevoked: true }],
    [['revoke', 'id-1'], { action: 'revoke', id: 'id-1' }],
    [['rotate', 'id-2'], { action: 'rotate', id: 'id-2' }],
  ])('reads %j', (args, command) => {
    expect(parseKeysCommand(args)).toEqual(command);
  });

  it.each([
    [['create', '--role', 'admin'], /--name/],
    [['create', '--name', 'x', '--role', 'root'], /--role viewer\|analyst\|admin/],
    [['create', '--name', 'x', '--role', 'admin', 'extra'], /unexpected extra/],
    [['revoke'], /exactly one key id/],
    [['rotate', 'a', 'b'], /exactly one key id/],
    [['list', '--bogus'], /bogus/],
    [['drop'], /unknown command "drop"/],
  ])('refuses %j', (args, message) => {
    expect(() => parseKeysCommand(args)).toThrow(message);
  });
});
