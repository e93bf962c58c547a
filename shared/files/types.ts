import { z } from 'zod';

/**
 * A file main produced for the user. Desktop: main asked where to save and wrote it
 * (`saved` with its path, or `cancelled`). Browser mode: there is no save dialog, so the
 * file comes back to be downloaded by the page.
 */
export type FileDelivery =
  | { kind: 'saved'; path: string }
  | { kind: 'cancelled' }
  | { kind: 'download'; fileName: string; mimeType: string; base64: string };

/**
 * Where a file the user gives to main comes from. Desktop: main shows its own open
 * dialog (`dialog`), so the renderer never names a path. Browser mode: the page uploaded
 * the file first (`POST /api/upload`) and passes the id it got back.
 */
export const fileSourceSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('dialog') }),
  z.strictObject({ kind: z.literal('upload'), uploadId: z.uuid() }),
]);
export type FileSource = z.infer<typeof fileSourceSchema>;

/** Largest file browser mode accepts as an upload (bundles, packs and backups fit well within it). */
export const MAX_UPLOAD_BYTES = 512 * 1024 * 1024;
