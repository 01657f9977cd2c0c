import { defaultProofreader, type ProofCode, type Proofreader } from '../proofread/index.js';

export interface CheckablePost {
  title: string;
  summary?: string;
  link?: string;
  publishedAt?: string;
}

/** One proofreading finding in a post, with where it is so a reviewer can open the post. */
export interface PostFinding {
  code: ProofCode;
  /** Which text of the post: its title or its summary. */
  field: 'title' | 'summary';
  /** Offset and length in Unicode code points of that field's text. */
  offset: number;
  length: number;
  text: string;
  suggestion?: string;
  rule: string;
  postTitle: string;
  link?: string;
  publishedAt?: string;
}

/**
 * Runs the proofreading engine (wrong official formulations, typos, personal data, secret
 * markings) over each post's title and summary. Pass the unit's compiled proofreader when its
 * dictionary differs from the shipped one; compile once and reuse it across accounts.
 */
export function postFindings(
  posts: readonly CheckablePost[],
  proofreader: Proofreader = defaultProofreader(),
): PostFinding[] {
  const out: PostFinding[] = [];
  for (const post of posts) {
    const fields: ['title' | 'summary', string | undefined][] = [
      ['title', post.title],
      ['summary', post.summary],
    ];
    for (const [field, text] of fields) {
      if (!text) continue;
      for (const f of proofreader.check(text)) {
        const finding: PostFinding = {
          code: f.code,
          field,
          offset: f.offset,
          length: f.length,
          text: f.text,
          rule: f.rule,
          postTitle: post.title,
        };
        if (f.suggestion !== undefined) finding.suggestion = f.suggestion;
        if (post.link) finding.link = post.link;
        if (post.publishedAt) finding.publishedAt = post.publishedAt;
        out.push(finding);
      }
    }
  }
  return out;
}
