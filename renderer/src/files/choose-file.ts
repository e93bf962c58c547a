import type { FileDelivery, FileSource } from '../../../shared/files/types';
import { downloadFile } from './download';

export interface ChooseFileOptions {
  /** The `accept` list of the browser's file input, e.g. ".zip,.chattrain-bundle". */
  accept: string;
}

/** Thrown when browser mode could not hand the chosen file to the server. */
export class UploadError extends Error {}

/**
 * "Choose a file to import", whatever the app runs in. Desktop: main opens its own
 * dialog when the IPC call arrives, so the page only says `{ kind: 'dialog' }`. Browser
 * mode: the page shows the browser's file picker, uploads the file to the loopback server
 * and passes the upload id. Resolves to null when the user cancelled the picker.
 */
export async function chooseFile(mode: 'desktop' | 'web' | 'cli' | undefined, options: ChooseFileOptions): Promise<FileSource | null> {
  if (mode === 'desktop') return { kind: 'dialog' };
  const file = await pickInBrowser(options.accept);
  if (!file) return null;
  return { kind: 'upload', uploadId: await uploadFile(file) };
}

function pickInBrowser(accept: string): Promise<File | null> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.hidden = true;
    input.addEventListener('change', () => {
      resolve(input.files?.[0] ?? null);
      input.remove();
    });
    input.addEventListener('cancel', () => {
      resolve(null);
      input.remove();
    });
    document.body.append(input);
    input.click();
  });
}

export async function uploadFile(file: File): Promise<string> {
  let response: Response;
  try {
    response = await fetch(`/api/upload?name=${encodeURIComponent(file.name)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      credentials: 'same-origin',
      body: file,
    });
  } catch {
    throw new UploadError('The ChatTrain server is not reachable. Is `npm run web` still running?');
  }
  const result = (await response.json().catch(() => null)) as { ok: true; value: { uploadId: string } } | { ok: false; error: { message: string } } | null;
  if (!result) throw new UploadError(`The upload failed (HTTP ${response.status}).`);
  if (!result.ok) throw new UploadError(result.error.message);
  return result.value.uploadId;
}

/**
 * What became of a file main produced, as a sentence for the screen; browser mode's
 * downloads are started here.
 */
export function receiveDelivery(delivery: FileDelivery): string {
  switch (delivery.kind) {
    case 'saved':
      return `Saved to ${delivery.path}`;
    case 'cancelled':
      return 'Not saved.';
    case 'download':
      downloadFile(delivery.fileName, delivery.mimeType, delivery.base64);
      return `Downloaded ${delivery.fileName}`;
  }
}
