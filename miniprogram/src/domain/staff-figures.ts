/**
 * The general office's figures (GET /api/v1/figures, server/cases/case-figures.ts) and the periods
 * the page offers. Days are Beijing days, as the server reads them.
 */
export interface Figures {
  period: { from: string; to: string };
  received: number;
  closed: { total: number; onTime: number; late: number };
  overdue: number;
  satisfaction: {
    answered: number;
    answers: { satisfaction: string; label: string; count: number }[];
    satisfiedShare: number | null;
  };
  countedAt: string;
}

export type PeriodKey = 'month' | 'quarter' | 'year';

export const PERIODS: readonly { key: PeriodKey; label: string }[] = [
  { key: 'month', label: '本月' },
  { key: 'quarter', label: '本季度' },
  { key: 'year', label: '今年' },
];

const pad = (n: number) => String(n).padStart(2, '0');

/** The period from its first day to today, as YYYY-MM-DD in Beijing time. */
export function periodDays(key: PeriodKey, now: Date): { from: string; to: string } {
  const china = new Date(now.getTime() + 8 * 3600 * 1000);
  const year = china.getUTCFullYear();
  const month = china.getUTCMonth(); // 0-based
  const firstMonth = key === 'month' ? month : key === 'quarter' ? month - (month % 3) : 0;
  return {
    from: `${year}-${pad(firstMonth + 1)}-01`,
    to: `${year}-${pad(month + 1)}-${pad(china.getUTCDate())}`,
  };
}

/** 0.6667 → "66.7%"; no answers yet → a sentence instead of a misleading 0%. */
export function formatShare(share: number | null): string {
  if (share === null) return '暂无评价';
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`;
}
