/**
 * Browser mode hands exported reports back as base64: turn them into a file download
 * (a Blob behind an object URL, clicked through a temporary <a download>). The desktop
 * app saves through a native dialog instead and never gets here.
 */
export function downloadFile(fileName: string, mimeType: string, base64: string): void {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let index = 0; index < binary.length; index++) bytes[index] = binary.charCodeAt(index);
  const url = URL.createObjectURL(new Blob([bytes], { type: mimeType }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The download has started by now; give slow machines plenty of time before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
