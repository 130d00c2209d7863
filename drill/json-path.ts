/** The value at `path` inside a parsed JSON body, or undefined: answers are checked, not trusted. */
export function valueAt(body: unknown, ...path: (string | number)[]): unknown {
  let current = body;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = Reflect.get(current, key);
  }
  return current;
}

/** True when the body is the API's error format: `{"errors": {...}}`. */
export function isErrorFormat(body: unknown): boolean {
  const errors = valueAt(body, 'errors');
  return typeof errors === 'object' && errors !== null;
}
