/** A chosen image file made small enough for a card: at most CARD_IMAGE_MAX_SIDE px, under the byte limit. */
import { CARD_IMAGE_MAX_BYTES, CARD_IMAGE_MAX_SIDE, CARD_IMAGE_TYPES, dataUrlBytes } from '../../../../shared/journeys/map';

/** Encodings tried in turn until one fits: the file's own type first (PNG keeps sharp edges), then JPEG. */
const ATTEMPTS: { type: string; quality?: number }[] = [
  { type: 'image/jpeg', quality: 0.85 },
  { type: 'image/jpeg', quality: 0.7 },
  { type: 'image/jpeg', quality: 0.5 },
  { type: 'image/jpeg', quality: 0.35 },
];

export async function cardImageFromFile(file: File): Promise<string> {
  if (!(CARD_IMAGE_TYPES as readonly string[]).includes(file.type))
    throw new Error(`${file.name}: choose a PNG, JPEG or WebP image (this file is ${file.type || 'of an unknown type'}).`);
  let bitmap: ImageBitmap;
  try {
    bitmap = await createImageBitmap(file);
  } catch {
    throw new Error(`${file.name}: the image could not be read.`);
  }
  const k = Math.min(1, CARD_IMAGE_MAX_SIDE / Math.max(bitmap.width, bitmap.height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.max(1, Math.round(bitmap.width * k));
  canvas.height = Math.max(1, Math.round(bitmap.height * k));
  const ctx = canvas.getContext('2d')!;
  ctx.fillStyle = '#fff'; // JPEG has no transparency: draw on white like the card
  ctx.fillRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(bitmap, 0, 0, canvas.width, canvas.height);
  bitmap.close();
  for (const a of [{ type: file.type, quality: 0.85 }, ...ATTEMPTS]) {
    const url = canvas.toDataURL(a.type, a.quality);
    if (url.startsWith(`data:${a.type};`) && dataUrlBytes(url) <= CARD_IMAGE_MAX_BYTES) return url;
  }
  throw new Error(`${file.name}: the image stays over ${CARD_IMAGE_MAX_BYTES / 1024} KB even at ${canvas.width}×${canvas.height} px.`);
}
