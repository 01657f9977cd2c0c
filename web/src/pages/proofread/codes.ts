import type { ProofCode } from '../../api/proofread.js';
import { labelFor, type MessageId, t } from '../../locale/zh-CN.js';

/** One colour per finding code, used for the inline mark, its underline and the list tag. */
export const CODE_COLOR: Record<ProofCode, { tag: string; mark: string; line: string }> = {
  'formulation-error': { tag: 'red', mark: 'rgba(255, 77, 79, 0.22)', line: '#f5222d' },
  typo: { tag: 'orange', mark: 'rgba(250, 140, 22, 0.24)', line: '#fa8c16' },
  'pii-idcard': { tag: 'purple', mark: 'rgba(114, 46, 209, 0.2)', line: '#722ed1' },
  'pii-mobile': { tag: 'magenta', mark: 'rgba(235, 47, 150, 0.2)', line: '#eb2f96' },
  'secret-marking': { tag: 'blue', mark: 'rgba(22, 119, 255, 0.2)', line: '#1677ff' },
};

export function codeLabel(code: ProofCode): string {
  return t(`proofread.code.${code}` as MessageId);
}

/** `typo:再接再励` → 常见错别字（再接再励）; an unknown prefix is shown as it is. */
export function ruleLabel(rule: string): string {
  const colon = rule.indexOf(':');
  if (colon < 0) return rule;
  const kind = labelFor('proofread.rule.', rule.slice(0, colon));
  const name = rule.slice(colon + 1);
  if (!kind) return rule;
  // pii:idcard, secret:classification — the kind says it all.
  if (rule.startsWith('pii:') || rule.startsWith('secret:')) return kind;
  return `${kind}（${name.replace(/^(formulation|numbered|typo):/, '')}）`;
}

/** What to do about a finding without a replacement (personal data, secret marks). */
export function adviceFor(code: ProofCode): string | undefined {
  if (code === 'pii-idcard' || code === 'pii-mobile') return t('proofread.noSuggestion.pii');
  if (code === 'secret-marking') return t('proofread.noSuggestion.secret');
  return undefined;
}
