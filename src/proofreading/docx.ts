// A Word file's text for the proofreading editor: the paragraphs of word/document.xml, one per
// line. The zip is opened with jszip (docx's own dependency) and the XML streamed through
// htmlparser2; both the upload and the unpacked document are bounded, so a zip bomb is refused
// before it is inflated in full.
import { Parser } from 'htmlparser2';
import JSZip from 'jszip';
import { fail } from '../platform/errors.js';
import { countCodePoints } from '../proofread/index.js';
import { MAX_PROOFREAD_CHARS } from './contract.js';

/** The largest .docx accepted (a long report with a few images is well under this). */
export const MAX_DOCX_BYTES = 10 * 1024 * 1024;
/** The most word/document.xml may unpack to. */
export const MAX_DOCUMENT_XML_BYTES = 40 * 1024 * 1024;

const notWord = () =>
  fail('VALIDATION', ['字段 file：不是有效的 Word 文档（.docx）'], { field: 'file' });

interface ZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): ZipStream;
  on(event: 'error', listener: (error: Error) => void): ZipStream;
  on(event: 'end', listener: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

/** word/document.xml unpacked, stopping as soon as it exceeds the limit. */
async function documentXml(buffer: Buffer, maxBytes: number): Promise<string> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(buffer);
  } catch {
    throw notWord();
  }
  const entry = zip.file('word/document.xml');
  if (!entry) throw notWord();
  const chunks: Uint8Array[] = [];
  let size = 0;
  await new Promise<void>((resolve, reject) => {
    // internalStream is jszip's documented streaming API, missing from its typings.
    const stream = (
      entry as unknown as { internalStream(type: 'uint8array'): ZipStream }
    ).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        size += chunk.length;
        if (size > maxBytes) {
          stream.pause();
          reject(fail('PAYLOAD_TOO_LARGE', [`解压后 ${Math.round(maxBytes / 1024 / 1024)} MB`]));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', () => reject(notWord()))
      .on('end', () => resolve())
      .resume();
  });
  return Buffer.concat(chunks).toString('utf8');
}

/** The paragraphs' text in document order (body, tables, text boxes), tabs and breaks kept. */
export function paragraphsOf(xml: string): string[] {
  const paragraphs: string[] = [];
  let current: string[] | null = null;
  let depth = 0;
  let inText = false;
  let inTabStops = false;
  const parser = new Parser(
    {
      onopentag(name) {
        if (name === 'w:p') {
          // A paragraph nested in a text box inside another paragraph continues the outer one.
          depth++;
          current ??= [];
        } else if (name === 'w:t') inText = true;
        // <w:tabs><w:tab/></w:tabs> in paragraph properties are tab stops, not characters.
        else if (name === 'w:tabs') inTabStops = true;
        else if (current && name === 'w:tab' && !inTabStops) current.push('\t');
        else if (current && (name === 'w:br' || name === 'w:cr')) current.push('\n');
      },
      ontext(text) {
        if (inText && current) current.push(text);
      },
      onclosetag(name) {
        if (name === 'w:t') inText = false;
        else if (name === 'w:tabs') inTabStops = false;
        else if (name === 'w:p' && --depth === 0 && current) {
          paragraphs.push(current.join(''));
          current = null;
        }
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return paragraphs;
}

/** The text of an uploaded .docx, one paragraph per line, within the editor's limit. */
export async function docxText(
  buffer: Buffer,
  limits = { xmlBytes: MAX_DOCUMENT_XML_BYTES, chars: MAX_PROOFREAD_CHARS },
): Promise<{ text: string; paragraphs: number; chars: number }> {
  const paragraphs = paragraphsOf(await documentXml(buffer, limits.xmlBytes));
  const text = paragraphs.join('\n');
  const chars = countCodePoints(text, 0, text.length);
  if (chars > limits.chars)
    throw fail('VALIDATION', [`字段 file：文稿超过 ${limits.chars} 字，请分段检查`], {
      field: 'file',
    });
  return { text, paragraphs: paragraphs.length, chars };
}
