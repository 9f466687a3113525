import { randomBytes } from 'node:crypto';

/** A fresh valid POST /people body on each call: the email is unique across runs and calls. */
export function personBodies(): () => string {
  const run = randomBytes(4).toString('hex');
  let counter = 0;
  return () => {
    counter += 1;
    return JSON.stringify({
      firstName: 'Bench',
      lastName: `Person ${counter}`,
      email: `bench-${run}-${counter}@example.com`,
      dateOfBirth: '1990-01-01',
    });
  };
}
