/**
 * Screens and widgets loaded when first shown, so the first paint of the customer list does not wait for the form
 * validation (the domain Schemas), the usage charts or the other screens.
 */
import { type ComponentType, lazy, Suspense } from "react"
import { Loading } from "./States.tsx"

/** A component from a module loaded on first render, showing a loading state meanwhile. */
export const lazyNamed = <P extends object>(load: () => Promise<ComponentType<P>>, label?: string) => {
  const Lazy = lazy(async () => ({ default: await load() }))
  return (props: P) => (
    <Suspense fallback={<Loading {...(label === undefined ? {} : { label })} />}>
      <Lazy {...props} />
    </Suspense>
  )
}
