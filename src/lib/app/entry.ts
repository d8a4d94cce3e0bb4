import type { AnyForm } from '../forms/form.ts';
import type { Asking } from './sign-in.ts';
import type { SubmitDeps } from './submit.ts';

/**
 * What a function file imports, and nothing more: Netlify starts a new instance
 * for every burst of concurrency, and each imports its function before it can
 * answer. The runtime, the handler and all they use load on the first request,
 * once per instance; later requests find them loaded.
 */
type Handler = (request: Request, deps: SubmitDeps, asking: Asking) => Promise<Response>;
type Answer = (request: Request) => Promise<Response>;

/** A value loaded on first use, once; a load that failed is tried again on the next use. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    }));
}

const runtime = once(() => import('./runtime.ts'));

/** runtime.ts's pageFunction with a handler loaded by the first request; one that cannot load is answered as one that failed. */
export function lazyPageFunction(name: string, load: () => Promise<Handler>): Answer {
  const handler = once(load);
  const answer = once(async () => (await runtime()).pageFunction(name, async (request, deps, asking) => (await handler())(request, deps, asking)));
  return async (request) => (await answer())(request);
}

/** runtime.ts's submitFunction for a form loaded by the first post. */
export function lazySubmitFunction(load: () => Promise<AnyForm>): Answer {
  const answer = once(async () => (await runtime()).submitFunction(await load()));
  return async (request) => (await answer())(request);
}
