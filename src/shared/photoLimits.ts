/**
 * How many photos a report takes, how large and of which kinds. Kept apart from the zod contracts so the
 * residents' page can tell them before uploading without carrying zod to the phone.
 */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
export const PHOTOS_PER_REPORT = 6;
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
