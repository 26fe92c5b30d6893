import { hash, verify } from '@node-rs/argon2';

/** Passwords as argon2id PHC strings. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password and for a malformed hash. */
  verify(passwordHash: string, password: string): Promise<boolean>;
}

// @node-rs/argon2 defaults to argon2id (19 MiB, 2 passes), OWASP's recommended minimum.
export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password),
  verify: (passwordHash, password) => verify(passwordHash, password).catch(() => false),
};

let dummyHash: Promise<string> | null = null;

/** Spends as long as a real check, so an unknown username answers no faster than a wrong password. */
export async function verifyNobody(hasher: PasswordHasher, password: string): Promise<false> {
  dummyHash ??= hasher.hash('vigil-no-such-user');
  await hasher.verify(await dummyHash, password);
  return false;
}
