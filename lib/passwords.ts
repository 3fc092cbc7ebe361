import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import * as common from '@zxcvbn-ts/language-common';
import * as en from '@zxcvbn-ts/language-en';

/**
 * Password policy after the NCSC's guidance: long (12 to 256 characters), no composition rules
 * (no "one capital, one digit"), and not a common or breached password. The deny-list is zxcvbn-ts's:
 * the common-passwords list from public breaches, English words and names, keyboard patterns,
 * repeats and sequences, plus the person's own email and name. A password is refused when zxcvbn
 * estimates fewer than 10^8 guesses (its score below 3): "aaaaaaaaaaaa", "password1234" and
 * "Password123!" are; three random words pass.
 */
export const PASSWORD_RULES = { minLength: 12, maxLength: 256, minScore: 3 } as const;

let checker: ZxcvbnFactory | null = null;
/** Built on first use: the dictionaries take a moment to index. */
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...en.dictionary },
    graphs: common.adjacencyGraphs,
    translations: en.translations,
  });
  return checker;
}

/** Why a password is refused (a sentence to show), or null when it is acceptable. */
export function passwordProblem(password: string, personal: readonly string[] = []): string | null {
  if (password.length < PASSWORD_RULES.minLength) return `must be at least ${PASSWORD_RULES.minLength} characters`;
  if (password.length > PASSWORD_RULES.maxLength) return `must be at most ${PASSWORD_RULES.maxLength} characters`;
  // The person's email, its local part and their name count as known words.
  const inputs = personal.flatMap((p) => [p, ...p.split(/[@.\s_-]+/)]).filter((p) => p.length >= 3);
  const result = zxcvbn().check(password, inputs);
  if (result.score >= PASSWORD_RULES.minScore) return null;
  const why = result.feedback.warning?.replace(/\.$/, '').toLowerCase() || 'it is a common password, a pattern or close to the name or email';
  return `is too easy to guess (${why}): three or more random words make a good one`;
}
