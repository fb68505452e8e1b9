"use client";
import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { checkShader, type ShaderCheck } from "./checkShader";

/** How long the source must stay unchanged before it is compiled. */
const SETTLE_MS = 400;

/** The query for one shader and entry point: the page's live check and the submission share its cached verdict. */
export function shaderCheckQuery(source: string, entryPoint: string) {
  return {
    queryKey: ["shader-check", source, entryPoint.trim()],
    queryFn: ({ signal }: { signal?: AbortSignal }) => checkShader(source, [entryPoint.trim()], signal),
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  } as const;
}

/**
 * The server's verdict on `source` with `entryPoint` (see checkShader), checked once the text has settled:
 * `undefined` while there is no source, or while a check is on its way.
 */
export function useShaderCheck(source: string, entryPoint: string): { check: ShaderCheck | undefined; checking: boolean } {
  const [settled, setSettled] = useState({ source, entryPoint });
  useEffect(() => {
    const timer = setTimeout(() => setSettled({ source, entryPoint }), SETTLE_MS);
    return () => clearTimeout(timer);
  }, [source, entryPoint]);
  const current = settled.source === source && settled.entryPoint === entryPoint;
  const query = useQuery({ ...shaderCheckQuery(settled.source, settled.entryPoint), enabled: Boolean(settled.source.trim() && settled.entryPoint.trim()) });
  if (!source.trim() || !entryPoint.trim()) return { check: undefined, checking: false };
  return { check: current ? query.data : undefined, checking: !current || query.isFetching };
}
