import { memo, useEffect, useRef } from 'react';
import Markdown, { type Components } from 'react-markdown';
import type { DocumentContent } from '../../../shared/scenario/types';
import { useAppStore } from '../store';
import { AlertIcon, Spinner } from '../ui/icons';
import { findHeadingElement } from './headings';
import { documentRemarkPlugins } from './markdown-plugins';

const prefersReducedMotion = () => window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

/**
 * Markdown elements as rendered in the panel. Document headings sit two levels below the
 * page's (the scenario title is the h1, panel sections h2). Links and images never load
 * anything: the app shows no remote content.
 */
const components: Components = {
  h1: ({ node: _node, ...props }) => <h3 className="md-h1" {...props} />,
  h2: ({ node: _node, ...props }) => <h4 className="md-h2" {...props} />,
  h3: ({ node: _node, ...props }) => <h5 className="md-h3" {...props} />,
  h4: ({ node: _node, ...props }) => <h6 className="md-h4" {...props} />,
  h5: ({ node: _node, ...props }) => <h6 className="md-h5" {...props} />,
  h6: ({ node: _node, ...props }) => <h6 className="md-h6" {...props} />,
  table: ({ node: _node, ...props }) => (
    <div className="md-table-wrap">
      <table {...props} />
    </div>
  ),
  a: ({ node: _node, href, children }) =>
    href?.startsWith('#') ? (
      <a href={href}>{children}</a>
    ) : (
      <span className="md-link" title={href ? `Link (not opened in the app): ${href}` : undefined}>
        {children}
      </span>
    ),
  img: ({ node: _node, alt }) => <span className="md-image">[Image{alt ? `: ${alt}` : ''}]</span>,
  input: ({ node: _node, checked, type }) =>
    type === 'checkbox' ? (
      <span className={checked ? 'md-checkbox md-checkbox-checked' : 'md-checkbox'} role="img" aria-label={checked ? 'Done:' : 'To do:'} />
    ) : null,
};

const DocumentBody = memo(function DocumentBody({ document }: { document: DocumentContent }) {
  if (document.format === 'md') {
    return (
      <div className="markdown">
        <Markdown remarkPlugins={documentRemarkPlugins} components={components}>
          {document.content}
        </Markdown>
      </div>
    );
  }
  return <pre className="plain-document">{document.content}</pre>;
});

export function DocumentViewer() {
  const document = useAppStore((state) => state.openDocument);
  const status = useAppStore((state) => state.documentStatus);
  const error = useAppStore((state) => state.documentError);
  const headingTarget = useAppStore((state) => state.headingTarget);
  const viewerRef = useRef<HTMLElement>(null);

  // A new document starts at its top.
  useEffect(() => {
    if (viewerRef.current) viewerRef.current.scrollTop = 0;
  }, [document?.id]);

  // A search hit asked for a heading: scroll to it and flash it.
  useEffect(() => {
    const viewer = viewerRef.current;
    if (!viewer || !headingTarget || status !== 'ready' || !document) return;
    const element = findHeadingElement(viewer, headingTarget.heading);
    if (!element) return;
    viewer.querySelectorAll('.heading-target').forEach((other) => other.classList.remove('heading-target'));
    void element.offsetWidth; // restart the flash when the same heading is asked for again
    element.classList.add('heading-target');
    element.setAttribute('data-testid', 'target-heading');
    element.tabIndex = -1;
    element.focus({ preventScroll: true });
    const behavior: ScrollBehavior = prefersReducedMotion() ? 'auto' : 'smooth';
    // Scroll the document panel only (the viewer is the headings' offset parent), and the
    // page only if the panel itself is out of sight (narrow windows stack the columns).
    viewer.scrollTo({ top: Math.max(0, element.offsetTop - 12), behavior });
    const box = viewer.getBoundingClientRect();
    const visible = Math.min(box.bottom, window.innerHeight) - Math.max(box.top, 0);
    if (visible < 240) viewer.scrollIntoView({ block: 'start', behavior });
  }, [headingTarget, status, document]);

  return (
    <article
      ref={viewerRef}
      className="doc-viewer"
      data-testid="document-viewer"
      aria-label={document ? `Document: ${document.title}` : 'Document'}
      aria-busy={status === 'loading'}
      tabIndex={0}
    >
      {status === 'error' ? (
        <div className="inline-error" role="alert" data-testid="document-error">
          <AlertIcon size={16} /> This document could not be opened. {error}
        </div>
      ) : status === 'loading' && !document ? (
        <div className="doc-loading">
          <Spinner label="Loading document" />
        </div>
      ) : document ? (
        <DocumentBody document={document} />
      ) : null}
    </article>
  );
}
