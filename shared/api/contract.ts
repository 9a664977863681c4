/**
 * The one API both hosts serve (Electron IPC and the browser-mode HTTP host): the merge of every
 * feature's contract. Each method has a runtime-validated request schema and a response type.
 * A new feature adds its `shared/<feature>/contract.ts` and one line to FEATURE_CONTRACTS.
 */
import type { z } from 'zod';
import { appContract } from '../app/contract';
import { datasetsContract } from '../datasets/contract';
import { experimentsContract } from '../experiments/contract';
import { exploreContract } from '../explore/contract';
import { journeysContract } from '../journeys/contract';
import { modelsContract } from '../models/contract';
import { segmentsContract } from '../segments/contract';
import type { CallContext } from './call-context';
import type { Result } from './result';

export { loadOptionsSchema } from '../datasets/contract';

export const contract = {
  ...appContract,
  ...datasetsContract,
  ...exploreContract,
  ...experimentsContract,
  ...modelsContract,
  ...journeysContract,
  ...segmentsContract,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type RequestOf<M extends Method> = z.input<Contract[M]['request']>;
export type ResponseOf<M extends Method> = Contract[M]['response'];
/** Handlers for a subset of the contract (one feature's methods), as the services declare them. */
export type HandlersOf<C extends Record<string, { request: z.ZodType; response: unknown }>> = {
  [M in keyof C]: (req: z.output<C[M]['request']>, ctx: CallContext) => Promise<C[M]['response']>;
};
export type Handlers = HandlersOf<Contract>;

export const methods = Object.keys(contract) as Method[];

/** Slow methods (marked `job: true` in their contract): they can run as a job with progress and cancel. */
export type JobMethod = { [M in Method]: Contract[M] extends { job: true } ? M : never }[Method];
export const jobMethods = methods.filter((m) => (contract[m] as { job?: boolean }).job === true) as JobMethod[];
/** What a finished job carries: the response of the method it ran. */
export type JobResult = ResponseOf<JobMethod>;

export function isJobMethod(name: unknown): name is JobMethod {
  return (jobMethods as string[]).includes(name as string);
}

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

/** What the renderer calls: one function, type-checked end to end. */
export type Invoke = <M extends Method>(method: M, request: RequestOf<M>) => Promise<Result<ResponseOf<M>>>;
