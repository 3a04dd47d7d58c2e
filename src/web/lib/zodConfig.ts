import { config } from 'zod';

/*
 * Imported first by main.tsx, before any contract's schema is built. zod would otherwise test whether it
 * may compile its parsers with `new Function` when the first object schema is built; our content security
 * policy forbids that, so the test only logs a violation (Lighthouse's best practices count it) and zod
 * parses without compiling anyway.
 */
config({ jitless: true });
