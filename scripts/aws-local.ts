/**
 * Local fake AWS (STS + SNS) for running the service by hand:
 *   npx tsx scripts/aws-local.ts            # listens on 127.0.0.1:4566 (FAKE_AWS_PORT to change)
 * Prints the env vars to export, then one line per published message.
 */
import { startFakeAws, type RecordedMessage } from '../test/support/fake-aws/index.js';

const HOST = '127.0.0.1';
const REGION = 'us-east-1';
const ACCOUNT_ID = '000000000000';

function readPort(raw: string | undefined): number {
  const port = Number(raw ?? 4566);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new Error(`FAKE_AWS_PORT must be an integer between 0 and 65535, got "${raw ?? ''}"`);
  }
  return port;
}

function envBlock(url: string): string {
  const vars: Record<string, string> = {
    AWS_ENDPOINT_URL_SNS: url,
    AWS_ENDPOINT_URL_STS: url,
    AWS_REGION: REGION,
    AWS_ACCESS_KEY_ID: 'local-base-key',
    AWS_SECRET_ACCESS_KEY: 'local-base-secret',
    SNS_TOPIC_ARN: `arn:aws:sns:${REGION}:${ACCOUNT_ID}:people-events`,
    SNS_ROLE_ARN: `arn:aws:iam::${ACCOUNT_ID}:role/people-api-publisher`,
  };
  return Object.entries(vars).map(([name, value]) => `export ${name}=${value}`).join('\n');
}

function formatMessage(message: RecordedMessage): string {
  const attribute = (name: string): string => message.messageAttributes[name]?.StringValue ?? '-';
  // Keep one line per message even for pretty-printed bodies.
  const body = message.message.replace(/\r?\n/g, '\\n');
  return [
    message.receivedAt.toISOString(),
    message.topicArn,
    message.messageId,
    `eventType=${attribute('eventType')}`,
    `correlationId=${attribute('correlationId')}`,
    body,
  ].join(' ');
}

async function main(): Promise<void> {
  const port = readPort(process.env['FAKE_AWS_PORT']);
  const fake = await startFakeAws({
    host: HOST,
    port,
    region: REGION,
    accountId: ACCOUNT_ID,
    requireAssumedRole: true,
    onMessage: (message) => process.stdout.write(`${formatMessage(message)}\n`),
  });
  process.stdout.write(`# fake AWS (STS + SNS) listening on ${fake.url}; export these to point people-api at it:\n`);
  process.stdout.write(`${envBlock(fake.url)}\n`);
  const stop = (signal: NodeJS.Signals): void => {
    process.stderr.write(`\n# ${signal}: stopping fake AWS (${fake.messages.length} message(s) received)\n`);
    void fake.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`aws-local: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
