// ECharts renders a tooltip formatter's string as HTML. Every value that comes from users (unit
// names, requirement names) passes through `escapeHtml` before it reaches a formatter; the
// formatters build their markup only from escaped parts and our own tags.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Text safe to place inside HTML markup or a quoted attribute. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"'`]/g, (c) => ENTITIES[c]!);
}

/** Tooltip markup from lines of plain text: each line escaped, joined with <br/>. */
export function tooltipLines(lines: readonly unknown[]): string {
  return lines.map(escapeHtml).join('<br/>');
}

/** ECharts' axis tooltip (trend lines): the axis value, then one "name：value" line per series. */
export function axisTooltip(
  params: readonly { axisValueLabel?: string; seriesName?: string; value?: unknown }[],
): string {
  const head = params[0]?.axisValueLabel ?? '';
  return tooltipLines([head, ...params.map((p) => `${p.seriesName ?? ''}：${p.value ?? ''}`)]);
}
