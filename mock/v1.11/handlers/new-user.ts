import type { StoreViewV111 } from '../store/table-store.ts';
import type { DbTimestamp, UserRow } from '../store/rows.ts';

/** What the creating request decides of a new user; the rest is UserCreationService's defaults. */
export type NewUserFields = Pick<UserRow, 'external_id' | 'uuid' | 'username' | 'email' | 'name_first' | 'name_last' | 'password' | 'language' | 'root_admin'>;

/**
 * A users row as UserCreationService inserts it (the application API's createUser and a subuser
 * invited by an e-mail no account has): no two-factor, gravatar on, both timestamps now.
 */
export function insertUser(store: StoreViewV111, fields: NewUserFields, now: DbTimestamp): UserRow {
  return store.insert('users', { ...fields, use_totp: false, totp_secret: null, totp_authenticated_at: null, gravatar: true, created_at: now, updated_at: now });
}
