import { deflate, imagePdf, rgbOnWhite } from '../../../../shared/journeys/pdf';

/** Saves a blob as a file through the browser's download (both hosts). */
export function download(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name from a map's name. */
export const fileBase = (name: string) => name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'journey';

/** Draws an SVG text onto a canvas at twice its size. */
async function svgToCanvas(svg: string): Promise<HTMLCanvasElement> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.naturalWidth * 2;
    canvas.height = img.naturalHeight * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.scale(2, 2);
    ctx.drawImage(img, 0, 0);
    return canvas;
  } finally {
    URL.revokeObjectURL(url);
  }
}

/** The SVG as a PNG at twice its size. */
export async function svgToPng(svg: string): Promise<Blob> {
  const canvas = await svgToCanvas(svg);
  return await new Promise<Blob>((resolve, reject) =>
    canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('The PNG could not be drawn.'))), 'image/png'),
  );
}

/** The SVG as a one-page PDF: drawn like the PNG, its pixels deflated into the page's image. */
export async function svgToPdf(svg: string): Promise<Blob> {
  const canvas = await svgToCanvas(svg);
  const { data, width, height } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
  const pdf = imagePdf({ width, height, deflated: await deflate(rgbOnWhite(data)) });
  return new Blob([pdf as Uint8Array<ArrayBuffer>], { type: 'application/pdf' });
}
