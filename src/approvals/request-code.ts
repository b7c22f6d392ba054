// Short request codes: easy to read aloud and type on a phone, and a valid part of an object name.
import { randomInt } from 'node:crypto';

/** No 0/O, 1/I/L: codes are read from a phone screen and typed again. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const CODE_LENGTH = 6;
const CODE = new RegExp(`^[${ALPHABET}]{${CODE_LENGTH}}$`);

export function generateRequestCode(random: (max: number) => number = randomInt): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += ALPHABET[random(ALPHABET.length)] ?? 'A';
  return code;
}

/** The code as typed (any case, full-width folded by the tokenizer), or undefined when it cannot be one. */
export function normalizeRequestCode(typed: string): string | undefined {
  const code = typed.trim().toUpperCase();
  return CODE.test(code) ? code : undefined;
}

/** The ChatRequest's object name (and label value) for a code. */
export function requestName(code: string): string {
  return `req-${code.toLowerCase()}`;
}

export function codeOfName(name: string): string {
  return name.replace(/^req-/, '').toUpperCase();
}
