/** See payloads.mjs. */
export function generate(scale: number): string;
export function writeLargePayload(file: string, bytes: number, scale?: number): Promise<number>;
