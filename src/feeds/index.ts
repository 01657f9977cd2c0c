/**
 * The new-media feed engine: pure analysis of an account's posts (parse, status, text findings)
 * apart from the one I/O function (fetchFeed / checkFeed). No database, no clock: the positions
 * domain stores the results and passes the time of the check.
 */
export type { AddressPolicy } from '../sitecheck/address.js';
export { beijingDate, beijingMonth, parseFeedDate } from './dates.js';
export {
  type CheckFeedResult,
  checkFeed,
  defaultFetchLimits,
  type FetchFeedOptions,
  type FetchFeedResult,
  fetchFeed,
} from './fetch.js';
export { type CheckablePost, type PostFinding, postFindings } from './findings.js';
export { type PostRow, type PostRowError, postsFromRows } from './import.js';
export {
  type FeedFormat,
  type FeedItem,
  FeedParseError,
  type FeedParseErrorCode,
  MAX_FEED_BYTES,
  MAX_FEED_ITEMS,
  type ParsedFeed,
  type ParseFeedOptions,
  parseFeed,
} from './parse.js';
export {
  type AccountPost,
  type AccountState,
  type AccountStatus,
  type AccountStatusOptions,
  accountStatus,
  DEFAULT_CADENCE_DAYS,
  DEFAULT_ZOMBIE_DAYS,
  type PostSource,
} from './status.js';
