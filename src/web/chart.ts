import { displayMoney } from './views';

export interface ChartDay {
  day: string;
  /** Closing balance that day. */
  balanceMicros: bigint;
  /** Spend per subteam that day (subteams with none are left out). */
  spend: { subteamId: string; micros: bigint }[];
}

export interface ChartSubteam {
  id: string;
  name: string;
}

const WIDTH = 720;
const HEIGHT = 160;
const LEFT = 64;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 22;
/** Colour-blind safe (Okabe–Ito), in the order subteams are listed. */
const PALETTE = ['#0072b2', '#e69f00', '#009e73', '#cc79a7', '#56b4e9', '#d55e00', '#f0e442', '#000000'];

/** The legend's swatches use the same colours through classes (`.swatch-N` in the stylesheet). */
export const colourIndexOf = (index: number) => index % PALETTE.length;
const colourOf = (index: number) => PALETTE[colourIndexOf(index)];

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Pixel positions only: money itself never becomes a JavaScript number. */
const toNumber = (micros: bigint) => Number(micros) / 1_000_000;

function niceMax(value: number): number {
  if (value <= 0) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 2.5, 5].find((candidate) => candidate * magnitude >= value) ?? 10;
  return step * magnitude;
}

function frame(label: string, max: number, currency: string, days: ChartDay[], plot: string): string {
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const ticks = [0, 0.5, 1].map((share) => {
    const y = TOP + plotHeight * (1 - share);
    const value = displayMoney(BigInt(Math.round(max * share * 1_000_000)), currency);
    return `<line x1="${LEFT}" x2="${WIDTH - RIGHT}" y1="${y}" y2="${y}" class="grid"/><text x="${LEFT - 6}" y="${y + 4}" text-anchor="end">${escapeXml(value)}</text>`;
  });
  const step = (WIDTH - LEFT - RIGHT) / days.length;
  const dates = [0, Math.floor(days.length / 2), days.length - 1].map(
    (index) => `<text x="${LEFT + step * (index + 0.5)}" y="${HEIGHT - 6}" text-anchor="middle">${days[index].day.slice(5)}</text>`,
  );
  return `<svg class="chart" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-label="${escapeXml(label)}" xmlns="http://www.w3.org/2000/svg">${ticks.join('')}${plot}${dates.join('')}</svg>`;
}

/** Closing balance per day as a line (the last day is today, so far). */
export function balanceChart(days: ChartDay[], currency: string): string {
  const values = days.map((day) => toNumber(day.balanceMicros));
  const max = niceMax(Math.max(...values, 0));
  const min = Math.min(...values, 0);
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT - RIGHT) / days.length;
  const y = (value: number) => TOP + plotHeight * (1 - (value - Math.min(min, 0)) / (max - Math.min(min, 0)));
  const points = values.map((value, index) => `${(LEFT + step * (index + 0.5)).toFixed(1)},${y(value).toFixed(1)}`).join(' ');
  const last = days[days.length - 1];
  const label = `Balance over the last ${days.length} days; today ${displayMoney(last.balanceMicros, currency)}`;
  return frame(label, max, currency, days, `<polyline class="balance" fill="none" points="${points}"/>`);
}

/** Spend per day, one bar per day, stacked by subteam in the legend's order. */
export function spendChart(days: ChartDay[], subteams: ChartSubteam[], currency: string): string {
  const totals = days.map((day) => day.spend.reduce((sum, part) => sum + part.micros, 0n));
  const max = niceMax(Math.max(...totals.map(toNumber), 0));
  const plotHeight = HEIGHT - TOP - BOTTOM;
  const step = (WIDTH - LEFT - RIGHT) / days.length;
  const order = new Map(subteams.map((subteam, index) => [subteam.id, index]));
  const bars = days.flatMap((day, index) => {
    let base = TOP + plotHeight;
    return [...day.spend]
      .sort((a, b) => (order.get(a.subteamId) ?? 0) - (order.get(b.subteamId) ?? 0))
      .map((part) => {
        const height = (toNumber(part.micros) / max) * plotHeight;
        base -= height;
        const subteam = subteams[order.get(part.subteamId) ?? 0];
        return `<rect x="${(LEFT + step * index + 1).toFixed(1)}" y="${base.toFixed(1)}" width="${Math.max(1, step - 2).toFixed(1)}" height="${height.toFixed(1)}" fill="${colourOf(order.get(part.subteamId) ?? 0)}"><title>${day.day} ${escapeXml(subteam?.name ?? '')}: ${escapeXml(displayMoney(part.micros, currency))}</title></rect>`;
      });
  });
  const total = totals.reduce((sum, value) => sum + value, 0n);
  return frame(
    `Spend per day over the last ${days.length} days, by subteam; ${displayMoney(total, currency)} in all`,
    max,
    currency,
    days,
    bars.join(''),
  );
}
