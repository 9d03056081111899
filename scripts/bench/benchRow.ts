/** One measured figure, printed side by side with the others by `npm run bench`. */
export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  note?: string;
}
