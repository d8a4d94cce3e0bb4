import { html, type Markup } from './template.ts';

/** A field's name as a person reads it, with "(optional)" when it may be left empty; in a label or a legend. */
export function labelText(text: string, optional = false): Markup {
  return html`${text}${optional && html` <span class="optional">(optional)</span>`}`;
}

export interface LabelParams {
  /** The id of the input it names. */
  fieldId: string;
  text: string;
  optional?: boolean | undefined;
  /** "label" unless given; empty for the label beside a checkbox or a radio button. */
  classes?: string;
}

export function label({ fieldId, text, optional = false, classes = 'label' }: LabelParams): Markup {
  return html`<label${classes && html` class="${classes}"`} for="${fieldId}">${labelText(text, optional)}</label>`;
}
