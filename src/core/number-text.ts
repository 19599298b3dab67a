// Numbers as the reports print them (en-GB: 1,500; 18.5), to at most so many decimal places. One formatter
// per precision, made once: toLocaleString with options builds a new one at every call, which a card's answer
// paid several times over (a tenth of the Slack answer's time, by a CPU profile).
const formats = new Map<number, Intl.NumberFormat>();

export function numberText(value: number, maximumFractionDigits: number): string {
  let format = formats.get(maximumFractionDigits);
  if (!format) formats.set(maximumFractionDigits, (format = new Intl.NumberFormat("en-GB", { maximumFractionDigits })));
  return format.format(value);
}
