/**
 * A one-line progress bar with rate and ETA on a TTY, and plain interval lines otherwise (CI
 * logs), for every long job the CLI and the benchmarks run.
 */

export class ProgressBar {
  private readonly startedMs = Date.now();
  private lastPrintMs = 0;

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly unit: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(done: number): void {
    const now = Date.now();
    const interval = this.stream.isTTY ? 100 : 2000;
    if (now - this.lastPrintMs < interval && done < this.total) return;
    this.lastPrintMs = now;
    const seconds = Math.max((now - this.startedMs) / 1000, 0.001);
    const rate = done / seconds;
    const eta = rate > 0 ? (this.total - done) / rate : 0;
    const fraction = this.total > 0 ? Math.min(done / this.total, 1) : 1;
    const stats = `${done.toLocaleString('en-US')}/${this.total.toLocaleString('en-US')} ${this.unit}  ${Math.round(rate).toLocaleString('en-US')} ${this.unit}/s  ETA ${eta.toFixed(1)} s`;
    if (this.stream.isTTY) {
      const width = 30;
      const filled = Math.round(fraction * width);
      this.stream.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${stats}   `);
      if (done >= this.total) this.stream.write('\n');
    } else {
      this.stream.write(`${this.label} ${(fraction * 100).toFixed(0)}%  ${stats}\n`);
    }
  }
}
