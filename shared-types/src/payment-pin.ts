/**
 * Payment PIN rules shared by the BFF and the mini-program's form (no zod here, so the
 * mini-program can import it without the schema library).
 */
export const PAYMENT_PIN_PATTERN = /^\d{6}$/;

/** One digit six times, or a run up or down (123456, 654321): the first PINs anyone tries. */
export function isGuessablePin(pin: string): boolean {
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((digit, i) => digit - (digits[i] as number)));
  return steps.size === 1 && [0, 1, -1].includes([...steps][0] as number);
}
