"use client";

/** Any render error on a page: said in words, with a retry, instead of a blank screen. */
export default function PageError({ error, reset }: { error: Error; reset: () => void }) {
  return (
    <div className="state state-error" role="alert">
      <strong>This page failed to render.</strong>
      <p>{error.message}</p>
      <button type="button" className="button" onClick={reset}>
        Try again
      </button>
    </div>
  );
}
