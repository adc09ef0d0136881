// Reads a text file as characters, whatever the encoding an office saved it in: UTF-8 (with or
// without a byte-order mark), UTF-16 (with one) or GB18030/GBK (Excel on Chinese Windows). A file
// that is none of these is refused; no replacement character ever comes out of here.
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';
import type { DomainError } from '../../domain/result.js';

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'gb18030';

/** Thrown from the decoding stream; the reader turns it into a refusal of the whole file. */
export class UndecodableFile extends Error {
  constructor(readonly refusal: DomainError) {
    super(refusal.code);
  }
}

/** The encoding of a file, from its byte-order mark, else from whether every byte is valid UTF-8. */
export async function detectEncoding(path: string): Promise<TextEncoding> {
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(3);
    const { bytesRead } = await handle.read(head, 0, 3, 0);
    if (bytesRead >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
    if (bytesRead >= 2 && head[0] === 0xff && head[1] === 0xfe) return 'utf-16le';
    if (bytesRead >= 2 && head[0] === 0xfe && head[1] === 0xff) return 'utf-16be';
  } finally {
    await handle.close();
  }
  // The whole file, streamed: a GBK register may start with pages of ASCII before its first name.
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  try {
    for await (const chunk of createReadStream(path)) utf8.decode(chunk as Buffer, { stream: true });
    utf8.decode();
    return 'utf-8';
  } catch {
    return 'gb18030';
  }
}

/**
 * The file's text, piece by piece, byte-order mark removed, with how many bytes were read so far.
 * A replacement character or a lone surrogate (bytes the encoding cannot map) stops it with
 * 'import/undecodable'.
 */
export async function* decodedText(path: string, file: string, encoding: TextEncoding): AsyncGenerator<{ text: string; bytes: number }> {
  const decoder = encoding === 'utf-8' ? new StringDecoder('utf8') : iconv.getDecoder(encoding, { stripBOM: true });
  let bytes = 0;
  let line = 1;
  let first = true;
  const check = (text: string) => {
    const bad = text.search(/\uFFFD|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/);
    if (bad >= 0) {
      throw new UndecodableFile({ code: 'import/undecodable', params: { file, encoding, line: line + countLines(text.slice(0, bad)) } });
    }
    line += countLines(text);
  };
  for await (const chunk of createReadStream(path)) {
    const buffer = chunk as Buffer;
    bytes += buffer.length;
    let text = decoder.write(buffer);
    if (first && text) {
      text = text.replace(/^\uFEFF/, '');
      first = false;
    }
    check(text);
    if (text) yield { text, bytes };
  }
  const rest = decoder.end() ?? '';
  check(rest);
  if (rest) yield { text: rest, bytes };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
