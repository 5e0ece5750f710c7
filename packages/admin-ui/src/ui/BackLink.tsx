/**
 * The way from a record back to its list where the two do not fit side by side (the admin narrower than a tablet):
 * the stylesheet shows it only then, so on a wide screen it is neither seen nor read out.
 */
import { Link } from "wouter"

export const BackLink = (props: { readonly href: string; readonly label: string }) => (
  <Link href={props.href} className="pa-back-link">
    <span aria-hidden="true">← </span>
    {props.label}
  </Link>
)
