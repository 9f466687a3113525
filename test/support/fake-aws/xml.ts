/** Minimal XML writer for awsQuery responses (the SDK parses them with its XML deserializer). */
import type { AwsError } from './errors.js';

export const SNS_XMLNS = 'http://sns.amazonaws.com/doc/2010-03-31/';
export const STS_XMLNS = 'https://sts.amazonaws.com/doc/2011-06-15/';

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => XML_ESCAPES[ch] ?? ch);
}

/** Element with already-rendered children. */
export function el(name: string, children: string): string {
  return `<${name}>${children}</${name}>`;
}

/** Element with escaped text; omitted entirely when the value is undefined. */
export function text(name: string, value: string | number | boolean | undefined): string {
  return value === undefined ? '' : el(name, escapeXml(String(value)));
}

/** Query-protocol lists are wrapped as <Name><member>..</member></Name>. */
export function memberList(name: string, members: readonly string[]): string {
  return el(name, members.map((m) => el('member', m)).join(''));
}

/** `<{Action}Response><{Action}Result>...</...><ResponseMetadata>...` */
export function successXml(action: string, xmlns: string, result: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<${action}Response xmlns="${xmlns}">` +
    el(`${action}Result`, result) +
    el('ResponseMetadata', text('RequestId', requestId)) +
    `</${action}Response>`
  );
}

export function errorXml(error: AwsError, xmlns: string, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<ErrorResponse xmlns="${xmlns}">` +
    el('Error', text('Type', error.type) + text('Code', error.code) + text('Message', error.message)) +
    text('RequestId', requestId) +
    `</ErrorResponse>`
  );
}
