import { Fragment } from 'react';
import { parseMarkdown, type Inline } from '@/lib/markdown';

function Inlines({ items }: { items: Inline[] }) {
  return (
    <>
      {items.map((i, k) => {
        switch (i.type) {
          case 'text':
            return <Fragment key={k}>{i.text}</Fragment>;
          case 'strong':
            return (
              <strong key={k}>
                <Inlines items={i.children} />
              </strong>
            );
          case 'em':
            return (
              <em key={k}>
                <Inlines items={i.children} />
              </em>
            );
          case 'link':
            return (
              <a key={k} className="govuk-link" href={i.href} rel="noopener noreferrer">
                <Inlines items={i.children} />
              </a>
            );
        }
      })}
    </>
  );
}

/** Council-written text, rendered from the safe Markdown subset of lib/markdown.ts. */
export function Markdown({ source, headingOffset = 0 }: { source: string; headingOffset?: number }) {
  return (
    <>
      {parseMarkdown(source).map((b, k) => {
        if (b.type === 'heading') {
          const level = Math.min(6, b.level + headingOffset);
          const Tag = `h${level}` as 'h2' | 'h3' | 'h4';
          return (
            <Tag key={k} className={level <= 2 ? 'govuk-heading-m' : 'govuk-heading-s'}>
              <Inlines items={b.children} />
            </Tag>
          );
        }
        if (b.type === 'list') {
          const items = b.items.map((it, j) => (
            <li key={j}>
              <Inlines items={it} />
            </li>
          ));
          return b.ordered ? (
            <ol key={k} className="govuk-list govuk-list--number">
              {items}
            </ol>
          ) : (
            <ul key={k} className="govuk-list govuk-list--bullet">
              {items}
            </ul>
          );
        }
        return (
          <p key={k} className="govuk-body">
            <Inlines items={b.children} />
          </p>
        );
      })}
    </>
  );
}
