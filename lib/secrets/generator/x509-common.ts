/**
 * Small pieces the generator's certificates share: serial numbers, validity arithmetic, PEM text.
 */
import { randomBytes } from 'crypto';

const DAY_MS = 24 * 60 * 60 * 1000;

/** 16 random bytes as hex, top bit clear (a positive DER INTEGER) and second-highest set (no leading zero byte). */
export function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0] & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** `date` plus `days` whole days of 24 hours. */
export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** PEM text with LF line ends and a final newline. */
export function pemWithNewline(pem: string): string {
  const unix = pem.replace(/\r\n/g, '\n');
  return unix.endsWith('\n') ? unix : `${unix}\n`;
}
