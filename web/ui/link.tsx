/**
 * An anchor that navigates inside the app without a reload, and behaves as a
 * normal link for new-tab and modified clicks.
 *
 * @module
 */
import type { ComponentChildren } from "preact";
import { isPlainClick, navigate } from "./route.ts";

/** Props of {@linkcode Link}. */
export interface LinkProps {
  /** Target path. */
  href: string;
  /** CSS class. */
  class?: string;
  /** Tooltip. */
  title?: string;
  /** Marks the link for the current page. */
  current?: boolean;
  /** Contents. */
  children: ComponentChildren;
}

/** An in-app link. */
export function Link(props: LinkProps) {
  return (
    <a
      href={props.href}
      class={props.class}
      title={props.title}
      aria-current={props.current ? "page" : undefined}
      onClick={(e) => {
        if (!isPlainClick(e)) return;
        e.preventDefault();
        navigate(props.href);
      }}
    >
      {props.children}
    </a>
  );
}
