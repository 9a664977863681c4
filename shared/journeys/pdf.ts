/**
 * A minimal one-page PDF holding one image (the board export): catalog, pages, page, the image as a
 * FlateDecode XObject, and a content stream drawing it over the whole page. Pure: bytes in, bytes out.
 */

/** An RGB image, 8 bits a component, its rows deflated (zlib format, as CompressionStream('deflate') writes). */
export interface PdfImage {
  width: number;
  height: number;
  deflated: Uint8Array;
}

/** PDF points per image pixel: the board is drawn at twice its CSS size, and a CSS pixel is 0.75 pt. */
export const PDF_POINTS_PER_PIXEL = 0.375;
/** The largest page side a PDF reader must accept (Acrobat's limit: 200 inches). */
export const PDF_MAX_PAGE_POINTS = 14_400;

const latin1 = (s: string) => Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 0xff);

/** The page size in points for an image: its size at `pointsPerPixel`, scaled down to the largest page. */
export function pdfPageSize(width: number, height: number, pointsPerPixel = PDF_POINTS_PER_PIXEL): { width: number; height: number } {
  const w = width * pointsPerPixel;
  const h = height * pointsPerPixel;
  const k = Math.min(1, PDF_MAX_PAGE_POINTS / Math.max(w, h));
  const round = (v: number) => Math.round(v * k * 100) / 100;
  return { width: round(w), height: round(h) };
}

/** Writes the PDF. Objects are numbered 1–5; the xref table gives each object's byte offset. */
export function imagePdf(image: PdfImage, pointsPerPixel = PDF_POINTS_PER_PIXEL): Uint8Array {
  if (!Number.isInteger(image.width) || !Number.isInteger(image.height) || image.width < 1 || image.height < 1)
    throw new Error(`The image must be at least 1×1 whole pixels (got ${image.width}×${image.height}).`);
  const page = pdfPageSize(image.width, image.height, pointsPerPixel);
  const content = latin1(`q ${page.width} 0 0 ${page.height} 0 0 cm /Im0 Do Q\n`);
  const objects: (string | [string, Uint8Array])[] = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${page.width} ${page.height}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`,
    [
      `<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /FlateDecode /Length ${image.deflated.length} >>`,
      image.deflated,
    ],
    [`<< /Length ${content.length} >>`, content],
  ];
  const parts: Uint8Array[] = [];
  let size = 0;
  const put = (b: Uint8Array | string) => {
    const bytes = typeof b === 'string' ? latin1(b) : b;
    parts.push(bytes);
    size += bytes.length;
  };
  put('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'); // the binary comment tells tools the file is binary
  const offsets: number[] = [];
  objects.forEach((obj, i) => {
    offsets.push(size);
    if (typeof obj === 'string') put(`${i + 1} 0 obj\n${obj}\nendobj\n`);
    else {
      put(`${i + 1} 0 obj\n${obj[0]}\nstream\n`);
      put(obj[1]);
      put('\nendstream\nendobj\n');
    }
  });
  const xref = size;
  put(`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`);
  for (const o of offsets) put(`${String(o).padStart(10, '0')} 00000 n \n`);
  put(`trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** RGBA pixels (a canvas's ImageData) to RGB on white: PDF images have no alpha here. */
export function rgbOnWhite(rgba: Uint8Array | Uint8ClampedArray): Uint8Array {
  const n = Math.floor(rgba.length / 4);
  const out = new Uint8Array(n * 3);
  for (let i = 0; i < n; i++) {
    const a = rgba[i * 4 + 3]! / 255;
    for (let k = 0; k < 3; k++) out[i * 3 + k] = Math.round(rgba[i * 4 + k]! * a + 255 * (1 - a));
  }
  return out;
}

/** zlib-deflates bytes with the platform's CompressionStream (browsers and Node alike). */
export async function deflate(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('deflate'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
