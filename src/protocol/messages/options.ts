/** OPTIONS (spec 4.1.3): an empty body, answered by SUPPORTED. Drivers also send it as a heartbeat. */

export interface OptionsRequest {
  readonly kind: 'options';
}

export function decodeOptions(): OptionsRequest {
  return { kind: 'options' };
}
