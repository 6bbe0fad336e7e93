import type { DirectoryGroup, DirectoryUser, GroupMembership } from './directory';

// Identity Center records who made a change; SCIM pushes show up under this principal.
const SCIM_ACTOR = 'SCIM';

/** The identitystore wire shape of a user, as DescribeUser and ListUsers return it. */
export function userView(
  user: DirectoryUser,
  identityStoreId: string,
  issuer: string,
): Record<string, unknown> {
  const name: Record<string, string> = {};
  if (user.givenName !== undefined) name.GivenName = user.givenName;
  if (user.familyName !== undefined) name.FamilyName = user.familyName;
  const formatted = [user.givenName, user.familyName].filter(Boolean).join(' ');
  if (formatted !== '') name.Formatted = formatted;

  const view: Record<string, unknown> = {
    IdentityStoreId: identityStoreId,
    UserId: user.userId,
    UserName: user.userName,
    ExternalIds: [{ Issuer: issuer, Id: user.externalId }],
    Name: name,
    UserStatus: user.active ? 'ENABLED' : 'DISABLED',
    CreatedAt: user.createdAt,
    CreatedBy: SCIM_ACTOR,
    UpdatedAt: user.updatedAt,
    UpdatedBy: SCIM_ACTOR,
  };
  if (user.displayName !== undefined) view.DisplayName = user.displayName;
  if (user.email !== undefined) view.Emails = [{ Value: user.email, Type: 'work', Primary: true }];

  return view;
}

/** The admin view of a group with its member ids; identitystore's DescribeGroup is not served. */
export function groupView(
  group: DirectoryGroup,
  identityStoreId: string,
  issuer: string,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    IdentityStoreId: identityStoreId,
    GroupId: group.groupId,
    DisplayName: group.displayName,
    MemberUserIds: [...group.members.keys()],
    CreatedAt: group.createdAt,
    UpdatedAt: group.updatedAt,
  };
  if (group.externalId !== undefined) view.ExternalIds = [{ Issuer: issuer, Id: group.externalId }];
  if (group.description !== undefined) view.Description = group.description;

  return view;
}

export function membershipView(
  group: DirectoryGroup,
  userId: string,
  membership: GroupMembership,
  identityStoreId: string,
): Record<string, unknown> {
  return {
    IdentityStoreId: identityStoreId,
    MembershipId: membership.membershipId,
    GroupId: group.groupId,
    MemberId: { UserId: userId },
    CreatedAt: membership.createdAt,
    CreatedBy: SCIM_ACTOR,
    UpdatedAt: membership.createdAt,
    UpdatedBy: SCIM_ACTOR,
  };
}
