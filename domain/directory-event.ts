/**
 * A change to a user in the identity directory itself (Okta), as opposed to an HR event: Okta
 * Event Hooks report them, and for users mastered by Active Directory or LDAP a deactivation there
 * is the only leaver signal Tenure gets. It is a hint to look at the user again, never an order:
 * hooks are best effort, late, repeated and out of order.
 */

export type DirectoryChange =
  'activated' | 'deactivated' | 'reactivated' | 'suspended' | 'unsuspended' | 'deleted';

export interface DirectoryEvent {
  /** The directory's own event id (Okta's System Log `uuid`), prefixed with the directory. */
  eventId: string;
  directory: 'okta';
  /** The directory's opaque user id; never a login or an email. */
  userId: string;
  change: DirectoryChange;
  /** When the directory says the change happened; orders events that arrive out of order. */
  publishedAt: string;
  /**
   * The user's login as the event named it. Personal data: it travels only in encrypted payloads,
   * and is used only when the user is already deleted and the directory can no longer say it.
   */
  loginHint?: string;
}

/** Okta user ids: `00u` and more letters and digits. */
export const OKTA_USER_ID_PATTERN = /^[A-Za-z0-9]{1,64}$/;
