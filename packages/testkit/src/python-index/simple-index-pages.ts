/** One file an index lists for a project. */
export interface IndexedFile {
  fileName: string;
  sha256: string;
  requiresPython?: string;
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The PEP 503 root page: one link per normalized project name. */
export function rootPage(projects: readonly string[]): string {
  const links = [...projects].sort().map((project) => `<a href="${escapeHtml(project)}/">${escapeHtml(project)}</a>`);
  return `<!DOCTYPE html>\n<html><body>\n${links.join('\n')}\n</body></html>\n`;
}

/** A PEP 503 project page, with `#sha256=` fragments and PEP 345 `data-requires-python`. */
export function projectPage(project: string, files: readonly IndexedFile[]): string {
  const links = files.map((file) => {
    const requiresPython = file.requiresPython ? ` data-requires-python="${escapeHtml(file.requiresPython)}"` : '';
    return `<a href="../../files/${encodeURIComponent(file.fileName)}#sha256=${file.sha256}"${requiresPython}>${escapeHtml(file.fileName)}</a>`;
  });
  return `<!DOCTYPE html>\n<html><head><title>Links for ${escapeHtml(project)}</title></head><body>\n${links.join('\n')}\n</body></html>\n`;
}
