import { countCodePoints, toCodePoints } from './engine.js';
import type { ProofFinding, RangeProofreader } from './types.js';

/**
 * Checks a text that arrives in pieces with bounded memory. The buffer keeps `contextLength`
 * characters before and after the range being checked, so a finding across a seam is seen whole
 * in exactly one range (the one its start falls in) and is reported once.
 */
export class ChunkedChecker {
  private buf = '';
  /** Index in buf where the unchecked part begins. */
  private regionStart = 0;
  /** Code points of the input before buf[0]. */
  private bufOffset = 0;
  private atStart = true;
  private bomChecked = false;
  private totalCodePoints = 0;
  private readonly chunkSize: number;

  constructor(
    private readonly proofreader: RangeProofreader,
    options: { chunkSize?: number } = {},
  ) {
    this.chunkSize = Math.max(options.chunkSize ?? 1 << 20, proofreader.contextLength * 2);
  }

  /** Code points read so far (a leading BOM not counted). */
  get chars(): number {
    return this.totalCodePoints;
  }

  /** Adds text; returns the findings that became certain. */
  push(piece: string): ProofFinding[] {
    if (!this.bomChecked && piece.length > 0) {
      this.bomChecked = true;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    this.buf += piece;
    const context = this.proofreader.contextLength;
    if (this.buf.length < this.regionStart + this.chunkSize + context) return [];
    let cut = this.buf.length - context;
    if (isHigh(this.buf.charCodeAt(cut - 1))) cut--; // never split a surrogate pair
    const found = this.scan(cut);
    let keep = cut - context;
    if (isHigh(this.buf.charCodeAt(keep - 1))) keep--;
    this.bufOffset += countCodePoints(this.buf, 0, keep);
    this.totalCodePoints += countCodePoints(this.buf, this.regionStart, cut);
    this.buf = this.buf.slice(keep);
    this.regionStart = cut - keep;
    this.atStart = false;
    return found;
  }

  /** Checks what is left; call once at the end of the input. */
  end(): ProofFinding[] {
    const found = this.scan(this.buf.length);
    this.totalCodePoints += countCodePoints(this.buf, this.regionStart, this.buf.length);
    this.regionStart = this.buf.length;
    return found;
  }

  private scan(to: number): ProofFinding[] {
    const raw = this.proofreader.scanRange(this.buf, this.regionStart, to, this.atStart);
    return toCodePoints(this.buf, raw, this.bufOffset);
  }
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
