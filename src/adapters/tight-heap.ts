// Long walks over a whole register (an import, a sweep, the service's catch-up sweep) allocate and
// drop a page of rows at a time. Left to its defaults, V8 lets the heap grow to several times what
// is live before it collects (an import of 100,000 rows peaked at 460 MB with some 60 MB live).
// Growing the allocation limit by only 10% after each collection keeps the peak near what is live
// (290 MB for the same import) for a few percent more time in the collector, and, unlike a heap size
// limit, never fails a bigger file.
import { setFlagsFromString } from 'node:v8';

export function keepHeapTight(): void {
  setFlagsFromString('--heap-growing-percent=10');
}
