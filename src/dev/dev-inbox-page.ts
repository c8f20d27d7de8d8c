import Handlebars from 'handlebars';

/** One message in a development inbox: an email today, a text message later. */
export interface DevInboxItem {
  at: Date;
  /** e.g. "email", "sms". */
  kind: string;
  to: string[];
  /** The subject, or the first words of a text message. */
  title: string;
  /** Where to open it, e.g. [{ label: 'HTML', href: '/dev/mail/…/html' }]. */
  links: { label: string; href: string }[];
  /** A short note, e.g. the template name. */
  note?: string;
}

export interface DevInboxSection {
  heading: string;
  /** Said when the section is empty. */
  empty: string;
  items: DevInboxItem[];
}

const page = Handlebars.compile<{ title: string; intro: string; sections: (DevInboxSection & { rows: unknown[] })[] }>(
  `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<style>
  body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1d2430; }
  .dev { background: #fff4d6; border: 1px solid #e0b84c; padding: .5rem .75rem; border-radius: 4px; }
  table { border-collapse: collapse; width: 100%; margin-top: .5rem; }
  th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid #dde2ea; vertical-align: top; }
  th { font-weight: 600; color: #4a5568; }
  time, .note { color: #5a6473; white-space: nowrap; }
  a + a { margin-left: .6rem; }
</style>
</head>
<body>
<h1>{{title}}</h1>
<p class="dev">{{intro}}</p>
{{#each sections}}
<section>
<h2>{{heading}}</h2>
{{#if rows.length}}
<table>
<thead><tr><th scope="col">Sent</th><th scope="col">To</th><th scope="col">Subject</th><th scope="col">Open</th></tr></thead>
<tbody>
{{#each rows}}
<tr>
<td><time datetime="{{iso}}">{{when}}</time></td>
<td>{{to}}</td>
<td>{{title}}{{#if note}} <span class="note">({{note}})</span>{{/if}}</td>
<td>{{#each links}}<a href="{{href}}">{{label}}</a>{{/each}}</td>
</tr>
{{/each}}
</tbody>
</table>
{{else}}
<p>{{empty}}</p>
{{/if}}
</section>
{{/each}}
</body>
</html>
`,
  { strict: false },
);

/**
 * The development inbox page: one or more sections (emails today; text messages can sit beside
 * them), each newest first, every message with links to open it. Escaped by Handlebars.
 */
export function renderDevInbox(title: string, intro: string, sections: DevInboxSection[]): string {
  return page({
    title,
    intro,
    sections: sections.map((section) => ({
      ...section,
      rows: [...section.items]
        .sort((a, b) => b.at.getTime() - a.at.getTime())
        .map((item) => ({
          ...item,
          iso: item.at.toISOString(),
          when: item.at.toISOString().replace('T', ' ').slice(0, 19) + ' UTC',
          to: item.to.join(', '),
        })),
    })),
  });
}
