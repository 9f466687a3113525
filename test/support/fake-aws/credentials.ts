/** Temporary credentials issued by the fake STS, looked up when SNS calls arrive. */
import { randomBytes } from 'node:crypto';
import type { IssuedCredentials } from './types.js';

const KEY_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

function randomKeyId(prefix: string): string {
  const bytes = randomBytes(16);
  return prefix + Array.from(bytes, (b) => KEY_ALPHABET[b % KEY_ALPHABET.length]).join('');
}

export class CredentialStore {
  private readonly byKey = new Map<string, IssuedCredentials>();

  issue(roleArn: string, roleSessionName: string, lifetimeSeconds: number): IssuedCredentials {
    const credentials: IssuedCredentials = {
      // Real temporary keys are 20 chars starting with ASIA.
      accessKeyId: randomKeyId('ASIA'),
      secretAccessKey: randomBytes(30).toString('base64'),
      sessionToken: `FakeSessionToken/${randomBytes(48).toString('base64')}`,
      expiration: new Date(Date.now() + lifetimeSeconds * 1000),
      roleArn,
      roleSessionName,
    };
    this.byKey.set(credentials.accessKeyId, credentials);
    return credentials;
  }

  get(accessKeyId: string): IssuedCredentials | undefined {
    return this.byKey.get(accessKeyId);
  }

  list(): IssuedCredentials[] {
    return [...this.byKey.values()];
  }

  expireAll(): void {
    const past = new Date(Date.now() - 1000);
    for (const credentials of this.byKey.values()) credentials.expiration = past;
  }
}
