import jpeg from 'jpeg-js';
import { PNG as PngImage } from 'pngjs';

function pixels(width: number, height: number): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let i = 0; i < data.length; i += 4) {
    data[i] = (i * 3) % 256;
    data[i + 1] = (i * 5) % 256;
    data[i + 2] = 200;
    data[i + 3] = 255;
  }
  return data;
}

/** Small whole images of each kind a photo may be, which decode. */
export const PNG = (() => {
  const image = new PngImage({ width: 8, height: 6 });
  image.data = pixels(8, 6);
  return PngImage.sync.write(image);
})();
export const JPEG = jpeg.encode({ data: pixels(16, 12), width: 16, height: 12 }, 80).data;
/** A 1×1 lossless WebP. */
export const WEBP = Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
