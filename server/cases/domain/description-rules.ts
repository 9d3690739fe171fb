/** What a report's description must be, shared by intake and the chat bot (which asks early). */
export const DESCRIPTION_MIN_CHARS = 5;
export const DESCRIPTION_MAX_CHARS = 2000;
/** Web markup is refused in descriptions: staff pages and templates must never render it. */
export const HTML_TAG = /<\s*\/?\s*[a-z!?][^>]*>/i;
