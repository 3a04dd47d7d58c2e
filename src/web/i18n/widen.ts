/** The shape every language must fill: the same keys, any words. */
export type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
