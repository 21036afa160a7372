/** A column of an aligned text table: numbers to the right, words to the left. */
export interface Column {
  header: string;
  align: "left" | "right";
  cells: readonly string[];
}

/**
 * Rows of aligned columns, two spaces apart, the header first (through `header`, for bold), and
 * after each row its `tail` (a bar), unpadded. Widths count UTF-16 units: names are mostly ASCII.
 */
export function tableLines(columns: readonly Column[], tails: readonly string[], header: (text: string) => string = (t) => t): string[] {
  const widths = columns.map((c) => Math.max(c.header.length, ...c.cells.map((x) => x.length)));
  const pad = (text: string, i: number) => {
    const column = columns[i] as Column;
    const width = widths[i] as number;
    return column.align === "right" ? text.padStart(width) : text.padEnd(width);
  };
  const rows = Math.max(0, ...columns.map((c) => c.cells.length));
  const lines = [header(columns.map((c, i) => pad(c.header, i)).join("  ").trimEnd())];
  for (let r = 0; r < rows; r++) {
    const row = columns.map((c, i) => pad(c.cells[r] ?? "", i)).join("  ");
    const tail = tails[r];
    lines.push(tail ? `${row}  ${tail}` : row.trimEnd());
  }
  return lines;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];

/** A bar of `fraction` (0 to 1) of `width` characters, in eighths of a block; anything above 0 shows. */
export function bar(fraction: number, width = 24): string {
  const eighths = Math.max(fraction > 0 ? 1 : 0, Math.round(Math.min(1, Math.max(0, fraction)) * width * 8));
  return "█".repeat(Math.floor(eighths / 8)) + (EIGHTHS[eighths % 8] ?? "");
}
