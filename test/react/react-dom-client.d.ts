// The part of react-dom/client the wrappers' test uses (react-dom ships no types; @types/react-dom
// is not a dependency for this one call).
declare module 'react-dom/client' {
  import type { ReactNode } from 'react';

  export interface Root {
    render(children: ReactNode): void;
    unmount(): void;
  }
  export function createRoot(container: Element | DocumentFragment): Root;
}
