/** What a custom field's key must look like: the API, imports and exports name the field by it. */
export const CUSTOM_FIELD_KEY = /^[a-z][a-z0-9_]{0,39}$/;

/**
 * Names every JS object answers to (constructor, __proto__, toString…, and
 * prototype): a key or an option value named so would read as the inherited
 * property where a record has no value of its own, or be dropped on copying.
 */
const PROTOTYPE_NAMES = new Set([...Object.getOwnPropertyNames(Object.prototype), "prototype"]);

/** Whether a name is one of those, so not to be a custom field's key or an option's value. */
export const isPrototypeName = (name: string): boolean => PROTOTYPE_NAMES.has(name);
