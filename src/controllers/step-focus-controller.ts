import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** Where focus belongs now: `key` names the step shown (a new key is a new step), `selector` its heading. */
export interface StepFocusTarget {
  key: string;
  selector: string;
}

/**
 * Moves focus to a step's heading (so a screen reader hears where the person now is) when a dialog
 * opens and at each new step, after the paint that shows the step: moving focus restyles and lays out
 * again, and the click should show its outcome first. Skipped when the person has moved on meanwhile
 * (another step, or closed).
 */
export class StepFocusController implements ReactiveController {
  /** The step focus was last moved for; '' while closed. */
  private shown = '';

  constructor(
    private readonly host: ReactiveControllerHost & { open: boolean; renderRoot: ParentNode },
    private readonly target: () => StepFocusTarget,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const { key, selector } = this.target();
    const now = this.host.open ? key : '';
    if (now === this.shown) return;
    this.shown = now;
    if (now) requestAnimationFrame(() => setTimeout(() => this.shown === now && this.host.renderRoot.querySelector<HTMLElement>(selector)?.focus()));
  }
}
