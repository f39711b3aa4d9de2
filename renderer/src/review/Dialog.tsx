import { useEffect, useId, useRef, type ReactNode } from 'react';

/**
 * A modal `<dialog>`: focus is trapped and restored by the browser, and while one is open only
 * dialog shortcuts fire. Escape asks `onClose` (which may decline, e.g. while a key is captured).
 */
export function Dialog(props: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  className?: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    dialog.showModal();
    return () => dialog.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className={props.className ? `dialog ${props.className}` : 'dialog'}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        props.onClose();
      }}
    >
      <h2 id={titleId}>{props.title}</h2>
      {props.children}
    </dialog>
  );
}
