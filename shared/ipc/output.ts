/** Marks a channel's output type in a channel map; the value is never read at run time. */
export const output = <T>() => undefined as unknown as T;
