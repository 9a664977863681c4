import { describe, expect, it } from 'vitest';
import { PDF_MAX_PAGE_POINTS, deflate, imagePdf, pdfPageSize, rgbOnWhite } from './pdf';

const text = (b: Uint8Array) => Array.from(b, (x) => String.fromCharCode(x)).join('');

async function inflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Reads the PDF the way a reader does: startxref → xref table → each object at its offset. */
function parse(pdf: Uint8Array) {
  const s = text(pdf);
  const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(s)![1]);
  expect(s.slice(startxref, startxref + 5)).toBe('xref\n');
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(s.slice(startxref))!;
  expect(first).toBe('0');
  const table = s
    .slice(startxref)
    .split('\n')
    .slice(2, 2 + Number(count));
  expect(table[0]).toBe('0000000000 65535 f ');
  const objects = new Map<number, string>();
  table.slice(1).forEach((row, i) => {
    expect(row).toMatch(/^\d{10} 00000 n $/); // 20 bytes with its newline
    const offset = Number(row.slice(0, 10));
    const head = `${i + 1} 0 obj\n`;
    expect(s.slice(offset, offset + head.length)).toBe(head);
    objects.set(i + 1, s.slice(offset + head.length, s.indexOf('\nendobj\n', offset)));
  });
  const trailer = /trailer\n<< \/Size (\d+) \/Root (\d+) 0 R >>/.exec(s)!;
  return { objects, size: Number(trailer[1]), root: Number(trailer[2]) };
}

/** A stream object's dictionary and its bytes, checking /Length against the bytes between the keywords. */
function stream(body: string) {
  const [dict, rest] = [body.slice(0, body.indexOf('\nstream\n')), body.slice(body.indexOf('\nstream\n') + 8)];
  const data = rest.slice(0, rest.lastIndexOf('\nendstream'));
  expect(Number(/\/Length (\d+)/.exec(dict)![1])).toBe(data.length);
  return { dict, data: Uint8Array.from(data, (c) => c.charCodeAt(0)) };
}

describe('image PDF writer', () => {
  it('writes one page whose xref offsets, lengths and references a reader can follow', async () => {
    const [w, h] = [8, 4];
    const rgb = Uint8Array.from({ length: w * h * 3 }, (_, i) => (i * 37) % 256);
    const pdf = imagePdf({ width: w, height: h, deflated: await deflate(rgb) });
    expect(text(pdf.subarray(0, 9))).toBe('%PDF-1.4\n');
    const { objects, size, root } = parse(pdf);
    expect(size).toBe(6);
    expect(objects.get(root)).toBe('<< /Type /Catalog /Pages 2 0 R >>');
    expect(objects.get(2)).toBe('<< /Type /Pages /Kids [3 0 R] /Count 1 >>');
    expect(objects.get(3)).toBe(
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 3 1.5] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>',
    );
    const image = stream(objects.get(4)!);
    expect(image.dict).toContain('/Subtype /Image /Width 8 /Height 4 /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode');
    expect(await inflate(image.data)).toEqual(rgb);
    expect(text(stream(objects.get(5)!).data)).toBe('q 3 0 0 1.5 0 0 cm /Im0 Do Q\n');
  });

  it('sizes the page from the image and keeps it within the largest page', () => {
    expect(pdfPageSize(2000, 1000)).toEqual({ width: 750, height: 375 });
    expect(pdfPageSize(80_000, 20_000)).toEqual({ width: PDF_MAX_PAGE_POINTS, height: 3600 });
  });

  it('refuses an empty image and flattens transparency onto white', () => {
    expect(() => imagePdf({ width: 0, height: 2, deflated: new Uint8Array() })).toThrow(
      'The image must be at least 1×1 whole pixels (got 0×2).',
    );
    expect([...rgbOnWhite(Uint8Array.from([10, 20, 30, 255, 0, 0, 0, 0, 0, 0, 0, 128]))]).toEqual([
      10, 20, 30, 255, 255, 255, 127, 127, 127,
    ]);
  });
});
