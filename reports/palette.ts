/**
 * Colours: the Okabe–Ito palette, distinguishable with the common forms of colour blindness.
 * Stacks, validation modes and percentiles each get a fixed colour so a chart reads the
 * same in every report.
 */
export const OKABE_ITO = {
  black: '#000000',
  orange: '#E69F00',
  skyBlue: '#56B4E9',
  bluishGreen: '#009E73',
  yellow: '#F0E442',
  blue: '#0072B2',
  vermillion: '#D55E00',
  reddishPurple: '#CC79A7',
} as const;

const O = OKABE_ITO;

/** Every colour in a fixed order, for series without a colour of their own. */
export const SERIES_COLOURS = [
  O.blue,
  O.orange,
  O.bluishGreen,
  O.vermillion,
  O.reddishPurple,
  O.skyBlue,
  O.black,
  O.yellow,
] as const;

/**
 * Series that are neither stacks nor validation modes (the overhead chart's scenarios): colours
 * the bar charts do not use for validation modes come first, so orange never means two things
 * side by side.
 */
export const OTHER_SERIES_COLOURS = [
  O.reddishPurple,
  O.skyBlue,
  O.vermillion,
  O.black,
  O.bluishGreen,
  O.blue,
  O.orange,
  O.yellow,
] as const;

const STACK_COLOURS: Record<string, string> = {
  'node-http': O.black,
  express: O.vermillion,
  fastify: O.bluishGreen,
  hono: O.blue,
};
const OTHER_STACK_COLOURS = [O.reddishPurple, O.skyBlue, O.orange, O.yellow];

/** A stack's colour (the baseline, node:http, is black). `index` picks one for unknown stacks. */
export function stackColour(stack: string, index: number): string {
  return STACK_COLOURS[stack] ?? OTHER_STACK_COLOURS[index % OTHER_STACK_COLOURS.length] ?? O.black;
}

const VALIDATION_COLOURS: Record<string, string> = {
  zod: O.blue,
  off: O.orange,
  native: O.bluishGreen,
};

/** A validation mode's colour in the bar charts. */
export function validationColour(mode: string, index: number): string {
  return VALIDATION_COLOURS[mode] ?? SERIES_COLOURS[(index + 3) % SERIES_COLOURS.length] ?? O.black;
}

/** `#0072B2` at `alpha` as `rgba(…)`. */
export function withAlpha(hex: string, alpha: number): string {
  const n = Number.parseInt(hex.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}
