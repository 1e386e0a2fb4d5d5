/**
 * Native protocol message opcodes (spec section 2.4). 0x04 (v1's CREDENTIALS) is absent from
 * v4: it, and any code not listed, is a protocol error on receipt.
 */

export const Opcode = {
  error: 0x00,
  startup: 0x01,
  ready: 0x02,
  authenticate: 0x03,
  options: 0x05,
  supported: 0x06,
  query: 0x07,
  result: 0x08,
  prepare: 0x09,
  execute: 0x0a,
  register: 0x0b,
  event: 0x0c,
  batch: 0x0d,
  authChallenge: 0x0e,
  authResponse: 0x0f,
  authSuccess: 0x10,
} as const;
export type Opcode = (typeof Opcode)[keyof typeof Opcode];

/** Message names by opcode, spelt once: every request's decode names its opcode. */
const names = new Map<number, string>(Object.entries(Opcode).map(([name, code]) => [code, name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()]));

/** The message name of an opcode ('QUERY', 'AUTH_RESPONSE'), or its hex for an unknown one. */
export function opcodeName(code: number): string {
  return names.get(code) ?? `0x${code.toString(16).padStart(2, '0')}`;
}
