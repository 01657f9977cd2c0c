// The proofreading draft kept in this browser, one per signed-in user, so leaving the page (or
// reloading it) does not lose the text. Nothing is sent to the server until it is checked.
const PREFIX = 'shoutu:proofread-draft:';

const keyOf = (userId: number) => `${PREFIX}${userId}`;

/** The user's kept draft, or null when there is none (or storage is unavailable). */
export function loadDraft(userId: number): string | null {
  try {
    const text = window.localStorage.getItem(keyOf(userId));
    return text ? text : null;
  } catch {
    return null;
  }
}

/** Keeps the text as the user's draft; an empty text removes it. */
export function saveDraft(userId: number, text: string): void {
  try {
    if (text) window.localStorage.setItem(keyOf(userId), text);
    else window.localStorage.removeItem(keyOf(userId));
  } catch {
    // A full or disabled storage only loses the convenience, never the text on screen.
  }
}

export function clearDraft(userId: number): void {
  saveDraft(userId, '');
}
