// The admin screens' small logic: lists typed as text, roles, prices. Pure functions, unit-tested.

/** The roles a person can have, as the API names them (docs/security.md). */
export const STAFF_ROLES = Object.freeze(['operator', 'designer', 'ml-engineer', 'ops', 'admin']);

/** 'a, b,,c ' → ['a', 'b', 'c']: a list typed as comma-separated text, blanks and repeats left out. */
export function parseList(text) {
  return [...new Set(String(text ?? '').split(',').map((item) => item.trim()).filter(Boolean))];
}

/** A number in [0, 1] typed in a field, or null when it is not one. */
export function fraction(text) {
  const value = Number(String(text ?? '').trim());
  return String(text ?? '').trim() !== '' && Number.isFinite(value) && value >= 0 && value <= 1 ? value : null;
}

/** The billing paths a unit price is set for (docs/billing.md). */
export const BILLING_PATHS = Object.freeze(['automatic', 'checked', 'operator']);

/**
 * Prices typed per task type and path (`{'product-detection|checked': '0.25'}`) as the API takes them: the set ones
 * only; a price that is not a number ≥ 0 is an error naming its type and path.
 */
export function pricesFrom(typed) {
  const prices = [];
  const errors = [];
  for (const [key, text] of Object.entries(typed)) {
    if (String(text ?? '').trim() === '') continue;
    const [type, path] = key.split('|');
    const unitPrice = Number(String(text).trim());
    if (!Number.isFinite(unitPrice) || unitPrice < 0) errors.push(`${type} ${path}: “${text}” is not a price`);
    else prices.push({ type, path, unitPrice });
  }
  return { prices, errors };
}

/** The task types a client can ask for (task-domain's TaskTypes). */
export const TASK_TYPES = Object.freeze(['product-detection', 'price-tag-reading']);
