import { describe, expect, it } from 'vitest';
import {
  ALL_PERMISSIONS,
  computeChannelPermissions,
  type Overwrite,
  Permission,
  type PermissionInput,
} from '../../src/emulator/permissions.ts';

const { ViewChannel: VIEW, SendMessages: SEND, AddReactions: REACT, Administrator: ADMIN } = Permission;
const GUILD = '1';
const ROLE = '2';
const OTHER_ROLE = '3';
const USER = '9';

function input(everyone: bigint, role: bigint, overwrites: Overwrite[] = [], roles = [ROLE]): PermissionInput {
  return {
    guildId: GUILD,
    ownerId: '100',
    userId: USER,
    rolePermissions: new Map([
      [GUILD, everyone],
      [ROLE, role],
      [OTHER_ROLE, 0n],
    ]),
    memberRoleIds: roles,
    overwrites,
  };
}

const ow = (id: string, type: 0 | 1, allow: bigint, deny: bigint): Overwrite => ({ id, type, allow, deny });

describe('channel permissions (Discord algorithm)', () => {
  it.each([
    ['roles add up', input(VIEW, SEND), VIEW | SEND],
    ['administrator bypasses overwrites', input(VIEW, ADMIN, [ow(GUILD, 0, 0n, VIEW)]), ALL_PERMISSIONS],
    ['@everyone overwrite denies', input(VIEW | SEND, 0n, [ow(GUILD, 0, 0n, SEND)]), VIEW],
    [
      'a role overwrite allows back what @everyone denied',
      input(VIEW | SEND, 0n, [ow(GUILD, 0, 0n, SEND), ow(ROLE, 0, SEND, 0n)]),
      VIEW | SEND,
    ],
    [
      'role allow beats another role deny',
      input(VIEW, 0n, [ow(ROLE, 0, SEND, 0n), ow(OTHER_ROLE, 0, 0n, SEND)], [ROLE, OTHER_ROLE]),
      VIEW | SEND,
    ],
    ['member overwrite is last', input(VIEW | SEND, 0n, [ow(ROLE, 0, REACT, 0n), ow(USER, 1, 0n, SEND | REACT)]), VIEW],
    ['no VIEW_CHANNEL means nothing at all', input(VIEW | SEND, 0n, [ow(ROLE, 0, 0n, VIEW)]), 0n],
    ['overwrites of roles the member lacks do not apply', input(VIEW, 0n, [ow(OTHER_ROLE, 0, SEND, 0n)]), VIEW],
  ])('%s', (_, permissionInput, expected) => {
    expect(computeChannelPermissions(permissionInput)).toBe(expected);
  });

  it('gives the owner everything', () => {
    expect(computeChannelPermissions({ ...input(0n, 0n), ownerId: USER })).toBe(ALL_PERMISSIONS);
  });
});
