import { useEffect, useState } from 'react';
import { decodedImage, decodedImageNow, type DecodedImage } from './bitmapCache.ts';

/** The open image, decoded; undefined while it loads. An error says why it cannot be shown. */
export function useDecodedImage(imageId: number | undefined): { image?: DecodedImage; error?: string } {
  const [loaded, setLoaded] = useState<{ imageId: number; image?: DecodedImage; error?: string }>();
  useEffect(() => {
    if (imageId === undefined) return;
    let current = true;
    void decodedImage(imageId).then(
      (image) => current && setLoaded({ imageId, image }),
      (error: unknown) =>
        current && setLoaded({ imageId, error: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      current = false;
    };
  }, [imageId]);
  // Decoded already (opening an image starts its decode before its regions arrive): no frame lost
  // waiting for the effect above.
  const now = imageId === undefined ? undefined : decodedImageNow(imageId);
  if (now) return { image: now };
  if (!loaded || loaded.imageId !== imageId) return {};
  return {
    ...(loaded.image ? { image: loaded.image } : {}),
    ...(loaded.error ? { error: loaded.error } : {}),
  };
}
