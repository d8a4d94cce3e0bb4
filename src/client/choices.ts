// Questions that depend on an earlier answer in a row ("Where is the course from?"):
// the page without JavaScript shows every branch under its heading; here only the chosen one shows.
// And a chosen course's whole name below its list, which a phone cuts short.

/** Shows each branch whose answer is chosen and hides the others (all of them while nothing is chosen). */
export function showChosen(root: ParentNode): void {
  for (const branch of root.querySelectorAll<HTMLElement>('[data-branch]')) {
    const form = branch.closest('form');
    const chosen = form?.querySelector<HTMLInputElement>(`input[name="${CSS.escape(branch.dataset['branch'] ?? '')}"]:checked`);
    branch.hidden = chosen?.value !== branch.dataset['branchValue'];
  }
  for (const whole of root.querySelectorAll<HTMLElement>('[data-whole-name-of]')) {
    const select = document.getElementById(whole.dataset['wholeNameOf'] ?? '');
    const option = select instanceof HTMLSelectElement && select.value ? select.selectedOptions[0] : undefined;
    whole.textContent = option?.textContent ?? '';
    whole.hidden = !option;
  }
}
