/** 0, 1, …, count - 1: the unrolled rows, columns and steps the kernel generators emit. */
export function range(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index);
}
