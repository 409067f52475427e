import { z } from 'zod'

/**
 * How a channel is declared: its input schema, its result type (phantom) and whether it streams.
 * The channel groups beside this file use these; ../contract.ts assembles them.
 */
export interface Call<I extends z.ZodType, O> {
  readonly input: I
  /** Phantom: only carries the result type. */
  readonly output?: O
  /** Long work: reports progress and can be cancelled. */
  readonly streaming: boolean
}

export function call<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: false })
}
export function stream<O>(): <I extends z.ZodType>(input: I) => Call<I, O> {
  return (input) => ({ input, streaming: true })
}

/** No input. */
export const none = z.object({}).strict()
