/**
 * `WITH PASSWORD = '...' AND LOGIN = true AND SUPERUSER = false` of CREATE/ALTER ROLE (and the
 * USER forms): each option null when not written. `HASHED PASSWORD` carries a stored hash.
 */
export interface RoleOptions {
  readonly password: string | null;
  readonly hashedPassword: string | null;
  readonly login: boolean | null;
  readonly superuser: boolean | null;
}

export const NO_ROLE_OPTIONS: RoleOptions = Object.freeze({ password: null, hashedPassword: null, login: null, superuser: null });

export function hasRoleOptions(options: RoleOptions): boolean {
  return options.password !== null || options.hashedPassword !== null || options.login !== null || options.superuser !== null;
}
