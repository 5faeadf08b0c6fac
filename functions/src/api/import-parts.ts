/**
 * An import's file comes in parts: the app's body limit (app.ts) knows their
 * path without loading the imports routes (routes/imports.ts).
 */
/** One part of an upload; a bigger file goes in several (split at line ends, or anywhere: parts are joined in order). */
export const MAX_PART_BYTES = 4 * 1024 * 1024;
/** The path of a part upload, which alone may carry more than a JSON body. */
export const IMPORT_PART = /^\/v1\/imports\/[^/]+\/parts\/[^/]+$/;
